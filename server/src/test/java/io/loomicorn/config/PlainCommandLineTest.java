package io.loomicorn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The master's picocli-free reading of plain command lines gives what picocli gives, and leaves it the rest. */
class PlainCommandLineTest {

    private static final List<List<String>> PLAIN = List.of(
            List.of(),
            List.of("com.acme.App"),
            List.of("-w", "2", "-k", "vthread", "io.loomicorn.examples.DemoApp"),
            List.of("--workers=3", "--bind", "127.0.0.1:8000", "-b", "unix:/tmp/x.sock", "com.acme.App"),
            List.of("com.acme.App", "--reload", "--timeout", "5"),
            List.of("--reload", "com.acme.App", "--no-sendfile", "--preload"),
            List.of("-b", "[::1]:0", "--worker-jvm-args", "Xmx64m", "--aot-cache", "/tmp/w.aot", "x.App"),
            List.of("--bind=", "--log-level", "debug", "com.acme.Main:app"),
            List.of("-c", "/etc/loomicorn.conf", "--check-config"));

    private static final List<List<String>> NOT_PLAIN = List.of(
            List.of("--help"),
            List.of("-v"),
            List.of("-w", "2", "--", "com.acme.App"),
            List.of("-w2", "com.acme.App"),
            List.of("-w=2", "com.acme.App"),
            List.of("-w", "2", "-w", "3"),
            List.of("--umask", "-1"),
            List.of("--worker-jvm-args", "-Xmx64m", "com.acme.App"),
            List.of("-w"),
            List.of("--reload", "true", "com.acme.App"),
            List.of("--reload=false"),
            List.of("--proxy-protocol", "com.acme.App"),
            List.of("--frobnicate", "com.acme.App"),
            List.of("a.App", "b.App"),
            List.of("-"));

    @Test
    void readsPlainCommandLinesAsPicocliDoes() {
        for (List<String> args : PLAIN) {
            assertThat(PlainCommandLine.parse(args, Origin.COMMAND_LINE)).as("%s", args)
                    .contains(CommandLineParser.parseWithPicocli(args, Origin.COMMAND_LINE));
        }
    }

    @Test
    void leavesEverythingElseToPicocli() {
        for (List<String> args : NOT_PLAIN) {
            assertThat(PlainCommandLine.parse(args, Origin.COMMAND_LINE)).as("%s", args).isEmpty();
        }
    }
}
