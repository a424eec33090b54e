package io.loomicorn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the arguments, the loader answers with a result, never an exception or a stack trace. */
class LoaderRobustnessTest {

    private static final Path NOWHERE = Path.of("/nonexistent-loomicorn-test-dir");

    @Provide
    Arbitrary<List<String>> argumentLists() {
        List<String> flags = Settings.all().stream().flatMap(s -> s.flags().stream()).toList();
        Arbitrary<String> tokens = Arbitraries.oneOf(
                Arbitraries.of(flags),
                Arbitraries.of(flags).map(f -> f + "="),
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.of("-1", "0", "2*cpu+1", "cpu/0", "true", "false", "--", "-", "'", "\"", "\\",
                        "unix:", "[::1]:80", "0022", "com.acme.App", "A=b"));
        return tokens.list().ofMaxSize(8);
    }

    @Property(tries = 500)
    void alwaysAnswersWithAResult(@ForAll("argumentLists") List<String> args,
                                  @ForAll("argumentLists") List<String> envArgs) {
        LoadResult result = ConfigLoader.load(args.toArray(String[]::new),
                Map.of("LOOMICORN_CMD_ARGS", String.join(" ", envArgs)), NOWHERE, 2);
        assertThat(result).isNotNull();
        if (result instanceof LoadResult.Failure failure) {
            assertThat(failure.oneLine()).startsWith("Error: ").doesNotContain("\n").doesNotContain("\r");
            assertThat(failure.exitCode()).isEqualTo(1);
        }
        if (result instanceof LoadResult.Run run) {
            assertThat(Config.fromHocon(run.config().toHocon())).isEqualTo(run.config());
        }
    }
}
