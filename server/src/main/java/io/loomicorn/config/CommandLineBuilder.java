package io.loomicorn.config;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Builds the {@code loomicorn} command line from the registry with picocli's programmatic
 * API ({@link CommandSpec}, {@link OptionSpec}): one option per setting, with the setting's
 * flags, plus {@code -h/--help}, {@code -v/--version} and the positional {@code APP}.
 *
 * <p>Options take their values as plain strings (booleans excepted); the settings' own
 * parsers validate them afterwards, so that every bad value gets the same one-line message
 * whatever its source. {@code --help} lists the options grouped by {@link Section}, through
 * custom sections of the usage help.
 */
final class CommandLineBuilder {

    /** Width of the usage help. */
    static final int HELP_WIDTH = 100;

    private CommandLineBuilder() {
    }

    /**
     * The command line of one parse: the picocli spec and the way back from its options to
     * the settings.
     *
     * @param spec     the picocli command
     * @param settings the setting behind each option
     * @param help     {@code -h/--help}
     * @param version  {@code -v/--version}
     * @param app      the positional {@code APP}
     */
    record Built(CommandSpec spec, Map<OptionSpec, Setting<?>> settings,
                 OptionSpec help, OptionSpec version, PositionalParamSpec app) {

        /** Returns a picocli parser set up for Loomicorn's rules. */
        CommandLine newCommandLine() {
            CommandLine commandLine = new CommandLine(spec);
            commandLine.setOverwrittenOptionsAllowed(true);  // last one wins, as with argparse
            commandLine.setExpandAtFiles(false);              // "@file" is an ordinary argument
            commandLine.setAbbreviatedOptionsAllowed(false);
            commandLine.setUnmatchedArgumentsAllowed(false);
            commandLine.setTrimQuotes(false);
            return commandLine;
        }

        /** Returns every flag, for "did you mean" hints. */
        List<String> allFlags() {
            List<String> flags = new ArrayList<>();
            for (OptionSpec option : spec.options()) {
                flags.addAll(List.of(option.names()));
            }
            return flags;
        }
    }

    /** Builds a fresh command line (picocli's specs hold parse state, so each parse gets its own). */
    static Built build() {
        CommandSpec spec = CommandSpec.create().name("loomicorn");
        spec.interpolateVariables(false);  // descriptions mention $PORT and ${?ENV} literally
        Map<OptionSpec, Setting<?>> settings = new IdentityHashMap<>();
        for (Setting<?> setting : Settings.all()) {
            if (setting.flags().isEmpty()) {
                continue;
            }
            OptionSpec option = option(setting);
            spec.addOption(option);
            settings.put(option, setting);
        }
        OptionSpec help = OptionSpec.builder("-h", "--help").arity("0").type(boolean.class)
                .description("Show this help and exit.").build();
        OptionSpec version = OptionSpec.builder("-v", "--version").arity("0").type(boolean.class)
                .description("Print the version and exit.").build();
        spec.addOption(help);
        spec.addOption(version);
        PositionalParamSpec app = PositionalParamSpec.builder().index("0").arity("0..1")
                .paramLabel("APP").type(String.class)
                .description("The application: a class such as com.acme.HelloApp, or CLASS:MEMBER"
                        + " such as com.acme.Main:app. Overrides wsgi_app.")
                .build();
        spec.addPositional(app);
        configureUsage(spec.usageMessage(), settings);
        return new Built(spec, settings, help, version, app);
    }

    private static OptionSpec option(Setting<?> setting) {
        OptionSpec.Builder builder = OptionSpec.builder(setting.flags().toArray(String[]::new));
        if (setting.isFlag()) {
            // Presence flag; picocli only takes a following "true"/"false" as its value,
            // so "--reload com.acme.App" leaves the APP alone.
            builder.arity("0..1").type(boolean.class);
        } else if (setting.isRepeatable()) {
            builder.arity("1").type(List.class).auxiliaryTypes(String.class);
        } else {
            // A flag whose value is optional (--proxy-protocol) reaches picocli with its value
            // attached: CommandLineParser supplies the bare value.
            builder.arity("1").type(String.class);
        }
        String defaultLine = setting.isNegatedFlag()
                ? "Default: " + setting.name() + " = " + setting.defaultText() + "."
                : "Default: " + setting.defaultText() + ".";
        return builder.paramLabel(setting.label())
                .description(setting.summary(), defaultLine)
                .build();
    }

    private static void configureUsage(UsageMessageSpec usage, Map<OptionSpec, Setting<?>> settings) {
        usage.width(HELP_WIDTH).autoWidth(false).longOptionsMaxWidth(40).sortOptions(false)
                .customSynopsis("Usage: loomicorn [OPTIONS] [APP]")
                .description(
                        "Serve APP, an application for the JVM, with a master JVM that keeps worker JVMs running.")
                .descriptionHeading("%n")
                .parameterListHeading("%nArguments:%n")
                .footerHeading("%n")
                .footer("Settings are read from, lowest precedence first: defaults, the config file",
                        "(-c FILE, else ./loomicorn.conf), LOOMICORN_CMD_ARGS, the command line.",
                        "Every setting is described in docs/settings.md.");

        Map<String, CommandLine.IHelpSectionRenderer> sections = new LinkedHashMap<>();
        sections.put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, help -> help.synopsis(help.synopsisHeadingLength()));
        sections.put(UsageMessageSpec.SECTION_KEY_DESCRIPTION_HEADING, Help::descriptionHeading);
        sections.put(UsageMessageSpec.SECTION_KEY_DESCRIPTION, Help::description);
        sections.put(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST_HEADING, Help::parameterListHeading);
        sections.put(UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, Help::parameterList);
        for (Section section : Section.values()) {
            sections.put("section." + section.name(), help -> optionSection(help, section.title(),
                    options(help, settings, section)));
        }
        sections.put("section.OTHER", help -> optionSection(help, "Other",
                help.commandSpec().options().stream().filter(o -> !settings.containsKey(o)).toList()));
        sections.put(UsageMessageSpec.SECTION_KEY_FOOTER_HEADING, Help::footerHeading);
        sections.put(UsageMessageSpec.SECTION_KEY_FOOTER, Help::footer);
        usage.sectionKeys(List.copyOf(sections.keySet()));
        usage.sectionMap(sections);
    }

    private static List<OptionSpec> options(Help help, Map<OptionSpec, Setting<?>> settings, Section section) {
        return help.commandSpec().options().stream()
                .filter(o -> settings.containsKey(o) && settings.get(o).section() == section)
                .toList();
    }

    private static String optionSection(Help help, String title, List<OptionSpec> options) {
        if (options.isEmpty()) {
            return "";
        }
        return String.format("%n%s:%n", title)
                + help.optionListExcludingGroups(options, help.createDefaultLayout(), null,
                new FlagAwareLabels(help.createDefaultParamLabelRenderer()));
    }

    /** Shows {@code --reload} rather than {@code --reload[=<arg>]}: booleans are presence flags. */
    private record FlagAwareLabels(Help.IParamLabelRenderer delegate) implements Help.IParamLabelRenderer {
        @Override
        public Help.Ansi.Text renderParameterLabel(ArgSpec arg, Help.Ansi ansi, List<Help.Ansi.IStyle> styles) {
            if (arg instanceof OptionSpec option && option.typeInfo().isBoolean()) {
                return ansi.new Text("");
            }
            return delegate.renderParameterLabel(arg, ansi, styles);
        }

        @Override
        public String separator() {
            return delegate.separator();
        }
    }

    /** Returns the text of {@code --help}. */
    static String usage() {
        return build().newCommandLine().getUsageMessage(Help.Ansi.OFF);
    }
}
