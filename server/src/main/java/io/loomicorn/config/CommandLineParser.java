package io.loomicorn.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Parses one command line (the real one, or {@code LOOMICORN_CMD_ARGS} after shell
 * splitting) with the picocli spec from {@link CommandLineBuilder}.
 *
 * <p>Parsing is in two steps so that {@code --help} wins over a bad value: {@link #parse}
 * only collects the raw text per setting (and fails on unknown options, with a suggestion);
 * {@link Arguments#toLayer} validates the values.
 */
final class CommandLineParser {

    private CommandLineParser() {
    }

    /**
     * The raw result of parsing one command line.
     *
     * @param origin  {@link Origin#COMMAND_LINE} or {@link Origin#LOOMICORN_CMD_ARGS}
     * @param help    whether {@code -h/--help} was given
     * @param version whether {@code -v/--version} was given
     * @param raw     the raw values per setting, in order of appearance
     */
    record Arguments(Origin origin, boolean help, boolean version, Map<Setting<?>, List<String>> raw) {

        Arguments {
            raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
        }

        /** Returns arguments that set nothing. */
        static Arguments none(Origin origin) {
            return new Arguments(origin, false, false, Map.of());
        }

        /** Validates the raw values; repeated values accumulate or the last wins, per setting. */
        Layer toLayer(ParseContext context) {
            Map<Setting<?>, Object> values = new LinkedHashMap<>();
            for (Map.Entry<Setting<?>, List<String>> entry : raw.entrySet()) {
                values.put(entry.getKey(), parseAll(entry.getKey(), entry.getValue(), context));
            }
            return new Layer(origin, values);
        }

        private <T> T parseAll(Setting<T> setting, List<String> raws, ParseContext context) {
            String where = where(origin);
            T result = null;
            for (String raw : raws) {
                T value = setting.parse(raw, context, where);
                result = result == null ? value : setting.combine(result, value);
            }
            return result;
        }
    }

    /**
     * Parses arguments into raw values.
     *
     * @param args   the arguments
     * @param origin the source they come from
     * @return the raw values
     * @throws ConfigException for an unknown option, a missing value, an extra argument
     */
    static Arguments parse(List<String> args, Origin origin) {
        return PlainCommandLine.parse(args, origin).orElseGet(() -> parseWithPicocli(args, origin));
    }

    /** Parses with picocli, which answers every command line, plain or not ({@link PlainCommandLine}). */
    static Arguments parseWithPicocli(List<String> args, Origin origin) {
        CommandLineBuilder.Built built = CommandLineBuilder.build();
        CommandLine commandLine = built.newCommandLine();
        ParseResult result;
        try {
            result = commandLine.parseArgs(attachOptionalValues(args).toArray(String[]::new));
        } catch (CommandLine.UnmatchedArgumentException e) {
            throw unmatched(e, built, origin);
        } catch (CommandLine.ParameterException e) {
            throw parameterProblem(e, built, origin);
        }

        Map<Setting<?>, List<String>> raw = new LinkedHashMap<>();
        Set<OptionSpec> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (OptionSpec option : result.matchedOptions()) {
            Setting<?> setting = built.settings().get(option);
            if (setting == null || !seen.add(option)) {
                continue;
            }
            if (setting.isFlag()) {
                boolean given = option.getValue();
                raw.put(setting, List.of(String.valueOf(setting.isNegatedFlag() != given)));
            } else {
                raw.put(setting, List.copyOf(option.originalStringValues()));
            }
        }
        if (result.hasMatchedPositional(0)) {
            raw.put(Settings.WSGI_APP, List.of((String) result.matchedPositional(0).getValue()));
        }
        return new Arguments(origin, result.hasMatchedOption(built.help()),
                result.hasMatchedOption(built.version()), raw);
    }

    /**
     * Parses arguments, skipping what is not known (yet): an unknown option and, when it
     * is not written {@code --name=value}, the value that may follow it. Used only to find
     * settings needed before every setting is known.
     *
     * @param args   the arguments
     * @param origin the source they come from
     * @return the raw values of the known options
     * @throws ConfigException for a known option given a bad value
     */
    static Arguments parseLeniently(List<String> args, Origin origin) {
        Set<String> known = new LinkedHashSet<>(List.of("-h", "--help", "-v", "--version"));
        for (Setting<?> setting : Settings.all()) {
            known.addAll(setting.flags());
        }
        List<String> kept = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                break;
            }
            if (arg.startsWith("-") && arg.length() > 1) {
                int equals = arg.indexOf('=');
                String flag = equals > 0 ? arg.substring(0, equals) : arg;
                if (!known.contains(flag)) {
                    if (equals < 0 && i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                        i++;
                    }
                    continue;
                }
                kept.add(arg);
            } else if (kept.isEmpty() || !kept.getLast().startsWith("-") || kept.getLast().contains("=")
                    || isFlag(kept.getLast())) {
                continue; // a positional argument (APP): not needed here
            } else {
                kept.add(arg);
            }
        }
        return parse(kept, origin);
    }

    private static boolean isFlag(String option) {
        for (Setting<?> setting : Settings.all()) {
            if (setting.flags().contains(option)) {
                return setting.isFlag();
            }
        }
        return option.equals("-h") || option.equals("--help") || option.equals("-v") || option.equals("--version");
    }

    /**
     * Rewrites each flag whose value is optional ({@link Setting#bareValue()}) into the
     * attached form: {@code --proxy-protocol v2} becomes {@code --proxy-protocol=v2} when the
     * next argument is a valid value, and {@code --proxy-protocol} alone becomes
     * {@code --proxy-protocol=auto}, whatever follows (the APP, another option).
     */
    private static List<String> attachOptionalValues(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            Setting<?> setting = optionalValueFlag(arg);
            if (setting == null) {
                out.add(arg);
                continue;
            }
            if (i + 1 < args.size() && isValid(setting, args.get(i + 1))) {
                out.add(arg + "=" + args.get(++i));
            } else {
                out.add(arg + "=" + setting.bareValue().orElseThrow());
            }
        }
        return out;
    }

    private static Setting<?> optionalValueFlag(String arg) {
        if (!arg.startsWith("-")) {
            return null;
        }
        for (Setting<?> setting : Settings.all()) {
            if (setting.bareValue().isPresent() && setting.flags().contains(arg)) {
                return setting;
            }
        }
        return null;
    }

    private static boolean isValid(Setting<?> setting, String raw) {
        try {
            setting.parse(raw, ParseContext.system());
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    private static ConfigException unmatched(CommandLine.UnmatchedArgumentException e,
                                             CommandLineBuilder.Built built, Origin origin) {
        List<String> unmatched = e.getUnmatched();
        String first = unmatched.isEmpty() ? "" : unmatched.getFirst();
        String in = origin == Origin.COMMAND_LINE ? "" : " in " + where(origin);
        if (first.startsWith("-") && first.length() > 1) {
            int equals = first.indexOf('=');
            String flag = equals > 0 ? first.substring(0, equals) : first;
            return new ConfigException("Error: unknown option '" + Suggestions.abbreviate(flag) + "'" + in
                    + suggestFlag(flag, built));
        }
        return new ConfigException("Error: unexpected argument '" + Suggestions.abbreviate(first) + "'" + in
                + ": only one APP can be given, and options start with -");
    }

    /**
     * The nearest flag; failing that, the flag of the setting whose name is nearest, since
     * users often type a setting's name as a flag ({@code --syslog-addr} for
     * {@code syslog_addr}, whose flag is gunicorn's {@code --log-syslog-to}).
     */
    private static String suggestFlag(String flag, CommandLineBuilder.Built built) {
        String byFlag = Suggestions.didYouMean(flag, new LinkedHashSet<>(built.allFlags()));
        if (!byFlag.isEmpty()) {
            return byFlag;
        }
        Map<String, Setting<?>> byName = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.all()) {
            if (!setting.flags().isEmpty()) {
                byName.put(setting.name(), setting);
            }
        }
        return Suggestions.nearest(flag, byName.keySet())
                .map(name -> "; did you mean '" + byName.get(name).flags().getLast() + "' (the setting " + name + ")?")
                .orElse("");
    }

    private static ConfigException parameterProblem(CommandLine.ParameterException e,
                                                    CommandLineBuilder.Built built, Origin origin) {
        if (e.getArgSpec() instanceof OptionSpec option && built.settings().containsKey(option)
                && e.getValue() != null) {
            Setting<?> setting = built.settings().get(option);
            return setting.invalid(e.getValue(), setting.allowedValues(), where(origin));
        }
        if (e instanceof CommandLine.MissingParameterException missing && !missing.getMissing().isEmpty()
                && missing.getMissing().getFirst() instanceof OptionSpec option) {
            String in = origin == Origin.COMMAND_LINE ? "" : " in " + where(origin);
            return new ConfigException("Error: option '" + option.longestName() + "'" + in + " needs a value"
                    + (option.paramLabel().isEmpty() ? "" : " (" + option.paramLabel() + ")"));
        }
        String message = e.getMessage() == null ? "invalid arguments" : e.getMessage();
        String where = where(origin);
        return new ConfigException("Error: " + message + (where == null ? "" : " (in " + where + ")"));
    }

    /** Returns how error messages name the source, or null for the command line itself. */
    static String where(Origin origin) {
        return origin.kind() == Origin.Kind.COMMAND_LINE ? null : origin.describe();
    }

    /** Returns the arguments of {@code LOOMICORN_CMD_ARGS}, split like a shell command line. */
    static List<String> splitEnvironment(String value) {
        try {
            return new ArrayList<>(ShellWords.split(value));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("Error: cannot split LOOMICORN_CMD_ARGS like a command line: "
                    + e.getMessage());
        }
    }
}
