package io.loomicorn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever the arguments, the loader answers with a result, never an exception or a stack
 * trace. Random argument lists are built from real flags, flags with {@code =}, tricky values
 * and random text; the seed is fixed so that a failure can be replayed.
 */
class LoaderRobustnessTest {

    private static final Path NOWHERE = Path.of("/nonexistent-loomicorn-test-dir");
    private static final List<String> FLAGS = Settings.all().stream().flatMap(s -> s.flags().stream()).toList();
    private static final List<String> VALUES = List.of("-1", "0", "2*cpu+1", "cpu/0", "true", "false", "--", "-",
            "'", "\"", "\\", "unix:", "[::1]:80", "0022", "com.acme.App", "A=b", "", " ", "=", "@x", "\u0000",
            "é", "9999999999999999999");

    @Test
    void alwaysAnswersWithAResult() {
        Random random = new Random(20260101);
        int runs = 0;
        for (int i = 0; i < 500; i++) {
            List<String> args = randomArguments(random);
            List<String> envArgs = randomArguments(random);
            LoadResult result = ConfigLoader.load(args.toArray(String[]::new),
                    Map.of("LOOMICORN_CMD_ARGS", String.join(" ", envArgs)), NOWHERE, 2);
            String input = args + " with LOOMICORN_CMD_ARGS " + envArgs;
            assertThat(result).as(input).isNotNull();
            if (result instanceof LoadResult.Failure failure) {
                assertThat(failure.oneLine()).as(input).startsWith("Error: ").doesNotContain("\n").doesNotContain("\r");
                assertThat(failure.exitCode()).isEqualTo(1);
            }
            if (result instanceof LoadResult.Run run) {
                runs++;
                assertThat(Config.fromHocon(run.config().toHocon())).as(input).isEqualTo(run.config());
            }
        }
        assertThat(runs).as("some random inputs are valid").isPositive();
    }

    private static List<String> randomArguments(Random random) {
        List<String> args = new ArrayList<>();
        int count = random.nextInt(7);
        for (int i = 0; i < count; i++) {
            args.add(switch (random.nextInt(5)) {
                case 0, 1 -> FLAGS.get(random.nextInt(FLAGS.size()));
                case 2 -> FLAGS.get(random.nextInt(FLAGS.size())) + "=" + VALUES.get(random.nextInt(VALUES.size()));
                case 3 -> VALUES.get(random.nextInt(VALUES.size()));
                default -> randomText(random);
            });
        }
        return args;
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(10);
        for (int i = 0; i < length; i++) {
            text.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
        }
        return text.toString();
    }
}
