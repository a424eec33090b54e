package io.loomicorn.config;

import io.loomicorn.spi.WorkerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders {@code docs/settings.md}, the reference of every setting, from the registry.
 *
 * <p>The file is generated so that it cannot drift from the code: {@code SettingsDocTest}
 * fails when the committed file differs from {@link #render()}. To regenerate it, run
 * {@value #REGENERATE}.
 */
public final class SettingsDoc {

    /** The command that rewrites the file, from the repository root. */
    public static final String REGENERATE = "sh docs/generate-settings.sh";

    /** Where the file lives, relative to the repository root. */
    public static final String PATH = "docs/settings.md";

    private SettingsDoc() {
    }

    /**
     * Writes the reference to the file named by the first argument, or to
     * {@code docs/settings.md} under the repository root (the nearest directory upwards that
     * holds {@code mvnw}).
     *
     * @param args optionally, the file to write
     * @throws IOException when the file cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path target = args.length > 0 ? Path.of(args[0]) : repositoryRoot(Path.of("")).resolve(PATH);
        System.out.println("Wrote " + write(target));
    }

    /**
     * Writes the reference to a file, creating its directory if needed.
     *
     * @param target the file
     * @return the file's absolute path
     * @throws IOException when the file cannot be written
     */
    public static Path write(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Files.createDirectories(absolute.getParent());
        Files.writeString(absolute, render(), StandardCharsets.UTF_8);
        return absolute;
    }

    /**
     * Registers the settings of the worker classes on this class path: on the
     * distribution's, the built-in ones, whose settings the reference documents too.
     */
    private static void registerWorkerClasses() {
        for (WorkerFactory factory : ServiceLoader.load(WorkerFactory.class, SettingsDoc.class.getClassLoader())) {
            Settings.registerWorkerSettings(factory.name(), factory.settings());
        }
    }

    /**
     * Returns the nearest directory at or above {@code start} that holds {@code mvnw}.
     *
     * @param start where to start looking
     * @return the repository root
     * @throws IllegalStateException when there is none
     */
    public static Path repositoryRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory holding mvnw at or above " + start.toAbsolutePath());
    }

    /**
     * Renders the Markdown reference: a generated-file header, how settings are read, a table
     * of contents, then each section with each of its settings.
     *
     * @return the Markdown text, ending with a line break
     */
    public static String render() {
        registerWorkerClasses();
        StringBuilder md = new StringBuilder();
        md.append("# Settings\n\n");
        md.append("> Generated from io.loomicorn.config.Settings — do not edit. To regenerate, run\n");
        md.append("> `").append(REGENERATE).append("`.\n\n");
        md.append("""
                Loomicorn reads its settings from these sources; a later one overrides an
                earlier one, and replaces lists whole:

                1. the built-in defaults (`bind` follows `PORT` and `workers` follows
                   `WEB_CONCURRENCY` when the environment sets them);
                2. the HOCON config file: `-c FILE`, else `./loomicorn.conf` if it exists;
                3. the `LOOMICORN_CMD_ARGS` environment variable, split like a shell command line;
                4. the command line.

                In the config file each key is a setting's name, for example
                `max_requests = 1000`; `${?VAR}` reads an environment variable. On the command
                line, boolean settings are flags (`--reload`); `--reload=false` also works, as do
                `true` and `false` in the config file. A flag marked *repeatable* may be given
                several times, and its values add up. `loomicorn --print-config` shows every
                resolved setting and where its value came from.

                A relative path in any setting (`classpath`, `errorlog`, `accesslog`, `pidfile`,
                `chdir`, a config file's paths...) is resolved against the directory Loomicorn was
                started in, and the setting holds the absolute path, so the master and the
                workers always name the same file. `chdir` moves only the workers (where the
                application's own relative paths go); gunicorn, whose master changes directory
                first, resolves paths against `chdir` instead.

                """);
        md.append(String.format("There are %d settings.%n%n", Settings.all().size()));
        for (Section section : Section.values()) {
            List<Setting<?>> settings = settingsOf(section);
            if (settings.isEmpty()) {
                continue;
            }
            md.append("- [").append(section.title()).append("](#").append(anchor(section.title())).append("): ")
                    .append(settings.stream().map(s -> "[`" + s.name() + "`](#" + anchor(s.name()) + ")")
                            .collect(Collectors.joining(", ")))
                    .append('\n');
        }
        for (Section section : Section.values()) {
            List<Setting<?>> settings = settingsOf(section);
            if (settings.isEmpty()) {
                continue;
            }
            md.append("\n## ").append(section.title()).append("\n\n").append(section.blurb()).append('\n');
            for (Setting<?> setting : settings) {
                renderSetting(md, setting);
            }
        }
        return md.toString();
    }

    private static void renderSetting(StringBuilder md, Setting<?> setting) {
        md.append("\n### ").append(setting.name()).append("\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "Flags", flags(setting));
        row(md, "HOCON key", code(setting.hoconKey()));
        row(md, "Type", escapeCell(setting.type()));
        row(md, "Default", defaultCell(setting));
        md.append('\n').append(setting.description()).append('\n');
    }

    private static String flags(Setting<?> setting) {
        if (setting.flags().isEmpty()) {
            return setting == Settings.WSGI_APP ? "none; the positional `APP` argument" : "none";
        }
        String flags = setting.flags().stream()
                .map(f -> code(setting.isFlag() || f.isEmpty() ? f
                        : f + (setting.bareValue().isPresent() ? " [" + setting.label() + "]" : " " + setting.label())))
                .collect(Collectors.joining(", "));
        if (setting.bareValue().isPresent()) {
            flags += " (alone: " + code(setting.bareValue().get()) + ")";
        }
        if (setting.isNegatedFlag()) {
            flags += " (sets it to false)";
        }
        if (setting.isRepeatable()) {
            flags += " (repeatable)";
        }
        return flags;
    }

    /** A default that is a plain value is shown as code; a sentence ("the current user") is not. */
    private static <T> String defaultCell(Setting<T> setting) {
        String text = setting.defaultText();
        return text.equals(setting.display(setting.defaultValue()))
                ? code(text) : escapeCell(text);
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String code(String text) {
        String escaped = escapeCell(text);
        return escaped.contains("`") ? "`` " + escaped + " ``" : "`" + escaped + "`";
    }

    private static String escapeCell(String text) {
        return text.replace("|", "\\|");
    }

    private static List<Setting<?>> settingsOf(Section section) {
        return Settings.all().stream().filter(s -> s.section() == section).toList();
    }

    /** GitHub's heading anchors: lower case, spaces to hyphens, other punctuation dropped. */
    private static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replace(' ', '-').replaceAll("[^a-z0-9_-]", "");
    }
}
