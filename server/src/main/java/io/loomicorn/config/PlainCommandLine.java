package io.loomicorn.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the plain command lines that start a server ({@code -w 2 -k vthread -b :8000
 * --reload com.acme.App}) straight from the registry's flags, without picocli.
 *
 * <p>picocli's classes (class file version 49) cannot be stored in the master's AOT cache,
 * so loading and verifying them was the largest part of the master's start: 0.34-0.56 s of
 * the 0.9-1.25 s from exec to the first worker's spawn (2-core box, load average 15-20).
 * A command line that steps outside the plain form ({@code --help}, {@code --version},
 * {@code --}, an unknown or repeated single option, a value that starts with {@code -}, an
 * attached short value such as {@code -w2}, a flag whose value is optional, a second
 * {@code APP}) is left to picocli, which answers it with its usage text or its one-line
 * error as before. For every plain command line both give the same {@link
 * CommandLineParser.Arguments} ({@code PlainCommandLineTest}).
 */
final class PlainCommandLine {

    private static final List<String> PICOCLI_ONLY = List.of("-h", "--help", "-v", "--version");

    private PlainCommandLine() {
    }

    /**
     * Reads a plain command line.
     *
     * @param args   the arguments
     * @param origin the source they come from
     * @return the raw values, or empty when the command line is not plain
     */
    static Optional<CommandLineParser.Arguments> parse(List<String> args, Origin origin) {
        Map<String, Setting<?>> byFlag = flags();
        Map<Setting<?>, List<String>> raw = new LinkedHashMap<>();
        String app = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("-")) {
                if (app != null) {
                    return Optional.empty();
                }
                app = arg;
                continue;
            }
            int equals = arg.startsWith("--") ? arg.indexOf('=') : -1;
            Setting<?> setting = byFlag.get(equals > 0 ? arg.substring(0, equals) : arg);
            if (setting == null || setting.bareValue().isPresent()
                    || (raw.containsKey(setting) && !setting.isRepeatable())) {
                return Optional.empty();
            }
            String value;
            if (setting.isFlag()) {
                String next = i + 1 < args.size() ? args.get(i + 1) : "";
                if (equals > 0 || next.equalsIgnoreCase("true") || next.equalsIgnoreCase("false")) {
                    return Optional.empty(); // picocli takes a following true/false as the flag's value
                }
                value = String.valueOf(!setting.isNegatedFlag());
            } else if (equals > 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                value = args.get(++i);
            } else {
                return Optional.empty();
            }
            raw.computeIfAbsent(setting, s -> new ArrayList<>()).add(value);
        }
        if (app != null) {
            raw.put(Settings.WSGI_APP, List.of(app));
        }
        return Optional.of(new CommandLineParser.Arguments(origin, false, false, raw));
    }

    /** Every flag of the registry, and none of those only picocli answers. */
    private static Map<String, Setting<?>> flags() {
        Map<String, Setting<?>> byFlag = new HashMap<>();
        for (Setting<?> setting : Settings.all()) {
            for (String flag : setting.flags()) {
                byFlag.put(flag, setting);
            }
        }
        PICOCLI_ONLY.forEach(byFlag::remove);
        return byFlag;
    }
}
