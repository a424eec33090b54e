package io.loomicorn.config;

import static io.loomicorn.config.Loading.failure;
import static io.loomicorn.config.Loading.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unknown flags, extra arguments, --help and --version. */
class CommandLineTest {

    @TempDir
    Path dir;

    @Test
    void unknownFlagsFailWithASuggestion() {
        assertThat(failure(dir, "--worker", "3")).isEqualTo("Error: unknown option '--worker'; did you mean '--workers'?");
        assertThat(failure(dir, "--max_requests=3"))
                .isEqualTo("Error: unknown option '--max_requests'; did you mean '--max-requests'?");
        assertThat(failure(dir, "-W", "3")).isEqualTo("Error: unknown option '-W'; did you mean '-w'?");
        assertThat(failure(dir, "--keepalive", "3")).endsWith("did you mean '--keep-alive'?");
        assertThat(failure(dir, "--pythonpath", "lib")).endsWith("did you mean '--classpath'?");
        assertThat(failure(dir, "--log-levl", "info")).endsWith("did you mean '--log-level'?");
        assertThat(failure(dir, "--frobnicate")).isEqualTo("Error: unknown option '--frobnicate'");
        assertThat(failure(dir, "--syslog-addr", "udp://localhost:514"))
                .isEqualTo("Error: unknown option '--syslog-addr'; did you mean '--log-syslog-to' (the setting syslog_addr)?");
    }

    @Test
    void unknownFlagsInCmdArgsSaySo() {
        assertThat(failure(dir, Map.of("LOOMICORN_CMD_ARGS", "--wrkers=2")))
                .isEqualTo("Error: unknown option '--wrkers' in LOOMICORN_CMD_ARGS; did you mean '--workers'?");
    }

    @Test
    void onlyOneAppMayBeGiven() {
        assertThat(failure(dir, "com.acme.A", "com.acme.B"))
                .isEqualTo("Error: unexpected argument 'com.acme.B': only one APP can be given, and options start with -");
    }

    @Test
    void aMissingValueIsNamed() {
        assertThat(failure(dir, "--workers")).isEqualTo("Error: option '--workers' needs a value (INT|EXPR)");
        assertThat(failure(dir, "-b")).isEqualTo("Error: option '--bind' needs a value (ADDRESS)");
        assertThat(failure(dir, Map.of("LOOMICORN_CMD_ARGS", "--timeout")))
                .isEqualTo("Error: option '--timeout' in LOOMICORN_CMD_ARGS needs a value (SECONDS)");
    }

    @Test
    void atFilesAreNotExpanded() {
        assertThat(failure(dir, "@args.txt")).startsWith("Error: invalid value for wsgi_app: '@args.txt'");
    }

    @Test
    void doubleDashEndsTheOptions() {
        assertThat(failure(dir, "--", "--reload")).startsWith("Error: invalid value for wsgi_app: '--reload'");
    }

    @Test
    void gunicornsUnderscoreFlagIsAnAlias() {
        Config a = Loading.config(dir, "--limit-request-field_size", "100");
        Config b = Loading.config(dir, "--limit-request-field-size=100");
        assertThat(a.get(Settings.LIMIT_REQUEST_FIELD_SIZE)).isEqualTo(100);
        assertThat(b.get(Settings.LIMIT_REQUEST_FIELD_SIZE)).isEqualTo(100);
        assertThat(Loading.config(dir, "--log-file", "x.log").get(Settings.ERRORLOG))
                .isEqualTo(dir.resolve("x.log").toString());
    }

    @Test
    void versionPrintsTheProductAndVersion() {
        assertThat(load(dir, Map.of(), "--version")).isEqualTo(new LoadResult.Version("loomicorn (version 0.1.0-SNAPSHOT)"));
        assertThat(load(dir, Map.of(), "-v")).isInstanceOf(LoadResult.Version.class);
        assertThat(load(dir, Map.of("LOOMICORN_CMD_ARGS", "--version"))).isInstanceOf(LoadResult.Version.class);
    }

    @Test
    void helpWinsOverBadValues() {
        assertThat(load(dir, Map.of(), "-w", "-5", "--help")).isInstanceOf(LoadResult.Help.class);
        assertThat(load(dir, Map.of(), "-h")).isInstanceOf(LoadResult.Help.class);
        assertThat(load(dir, Map.of("LOOMICORN_CMD_ARGS", "--help"))).isInstanceOf(LoadResult.Help.class);
    }

    @Test
    void helpStartsWithUsageAndEndsWithPrecedence() {
        String help = help();
        assertThat(help).startsWith("Usage: loomicorn [OPTIONS] [APP]\n");
        assertThat(help).contains("\nArguments:\n").contains("[APP]");
        assertThat(help).contains("LOOMICORN_CMD_ARGS, the command line.");
        assertThat(help).contains("-h, --help").contains("-v, --version");
    }

    @Test
    void helpGroupsEverySettingsFlagsUnderItsSection() {
        String help = help();
        List<String> headings = new ArrayList<>();
        for (Section section : Section.values()) {
            if (Settings.all().stream().anyMatch(setting -> setting.section() == section)) {
                headings.add("\n" + section.title() + ":\n");
            }
        }
        headings.add("\nOther:\n");
        int previous = -1;
        for (String heading : headings) {
            int at = help.indexOf(heading);
            assertThat(at).as("heading %s after the previous one", heading.strip()).isGreaterThan(previous);
            previous = at;
        }
        for (Setting<?> setting : Settings.all()) {
            if (setting.flags().isEmpty()) {
                continue;
            }
            String block = sectionBlock(help, setting.section());
            for (String flag : setting.flags()) {
                assertThat(block).as("%s under %s", flag, setting.section().title())
                        .containsPattern("(^|[ ,])" + java.util.regex.Pattern.quote(flag) + "([=, \\n]|$)");
            }
            assertThat(block).as("summary of %s", setting.name()).contains(firstWords(setting.summary()));
        }
    }

    @Test
    void helpShowsDefaultsAndValueLabels() {
        String help = help();
        assertThat(help).containsPattern("--backlog=INT +How many connections");
        assertThat(help).contains("Default: 2048.");
        assertThat(help).contains("Default: 127.0.0.1:8000, or 0.0.0.0:$PORT when PORT is");
        assertThat(help).contains("-w, --workers=INT|EXPR");
        assertThat(help).contains("Default: sendfile = true.");
        assertThat(help).containsPattern("\n +--reload +Restart");
        assertThat(help).doesNotContain("--reload=").doesNotContain("[=");
        assertThat(help).contains("%(h)s");
    }

    private String help() {
        LoadResult result = load(dir, Map.of(), "--help");
        assertThat(result).isInstanceOf(LoadResult.Help.class);
        return ((LoadResult.Help) result).text();
    }

    private static String sectionBlock(String help, Section section) {
        int start = help.indexOf("\n" + section.title() + ":\n");
        int end = help.indexOf("\n\n", start + 2);
        return help.substring(start, end < 0 ? help.length() : end);
    }

    /** The summary's first three words, which picocli does not wrap apart at this width. */
    private static String firstWords(String summary) {
        String[] words = summary.split(" ");
        return String.join(" ", java.util.Arrays.copyOf(words, Math.min(3, words.length)));
    }
}
