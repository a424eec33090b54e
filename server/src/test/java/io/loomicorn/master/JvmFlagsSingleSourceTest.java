package io.loomicorn.master;

import io.loomicorn.config.SettingsDoc;
import io.loomicorn.internal.JvmFlags;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM options of Loomicorn's JVMs are written once: the required ones in
 * {@code required.jvm}, the master's tuning in {@code master.jvm}. This test fails when a
 * copy appears anywhere in the repository's code, build files or scripts.
 */
class JvmFlagsSingleSourceTest {

    private static final Path ROOT = SettingsDoc.repositoryRoot(Path.of(""));
    private static final Path REQUIRED = Path.of("server/src/main/resources/io/loomicorn/internal/required.jvm");
    private static final Path MASTER = Path.of("server/src/main/resources/io/loomicorn/master/master.jvm");
    private static final Path LAUNCHER = Path.of("loomicorn");
    /** The container image's launcher (issue 16): it reads the installed argument files. */
    private static final Path CONTAINER_LAUNCHER = Path.of("deploy/container/loomicorn-entrypoint");

    @Test
    void noFileButTheArgumentFileSpellsOutARequiredOption() throws IOException {
        List<String> copies = new ArrayList<>();
        for (Path file : sources()) {
            if (file.equals(REQUIRED)) {
                continue;
            }
            String text = read(file);
            for (String option : JvmFlags.required()) {
                // Also the spaced form of an open: "--add-opens MODULE/PACKAGE=TARGET".
                String value = option.substring(option.indexOf('=') + 1);
                if (text.contains(option) || (option.startsWith("--add-opens") && opens(text, value))) {
                    copies.add(file + ": " + option);
                }
            }
        }
        assertThat(copies).as("use io.loomicorn.internal.JvmFlags (or java @required.jvm) instead").isEmpty();
    }

    /**
     * Whether the text opens {@code value} in another spelling: {@code --add-opens} shortly
     * before it ({@code --add-opens VALUE}, or {@code "--add-opens", "VALUE"} in a list). The
     * same module and package after {@code --add-exports}, for a JVM that is not Loomicorn's (a
     * benchmark's baseline server), is not a copy.
     */
    private static boolean opens(String text, String value) {
        for (int i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1)) {
            if (text.substring(Math.max(0, i - 20), i).contains("--add-opens")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void onlyTheLauncherAndMasterCommandStartTheMaster() throws IOException {
        List<String> launchers = new ArrayList<>();
        for (Path file : sources()) {
            if (read(file).contains(MasterCommand.MAIN_CLASS) && !file.endsWith("MasterCommand.java")) {
                launchers.add(file.toString());
            }
        }
        assertThat(launchers).as("start a master with io.loomicorn.master.MasterCommand")
                .containsExactlyInAnyOrder(LAUNCHER.toString(), CONTAINER_LAUNCHER.toString());
        String launcher = read(LAUNCHER);
        assertThat(launcher).contains("@\"$dist/required.jvm\"", "@\"$dist/master.jvm\"");
        String container = read(CONTAINER_LAUNCHER);
        assertThat(container).contains("@\"$home/required.jvm\"", "\"$home/master.jvm\"");
        for (String option : JvmFlags.read(MasterCommand.class, "master.jvm")) {
            assertThat(launcher).as("the launcher takes %s from %s", option, MASTER).doesNotContain(option);
            if (option.startsWith("-Xshare")) {
                continue; // the container's launcher names it to drop it where the AOT cache is used
            }
            assertThat(container).as("the container's launcher takes %s from %s", option, MASTER).doesNotContain(option);
        }
    }

    @Test
    void theTestJvmsReadTheRequiredArgumentFile() throws IOException {
        assertThat(read(Path.of("pom.xml"))).contains(
                "<loomicorn.jvm.flags>@${maven.multiModuleProjectDirectory}/" + REQUIRED + "</loomicorn.jvm.flags>",
                "<argLine>${loomicorn.jvm.flags}</argLine>");
    }

    /** Code, build files and scripts, relative to the root; not docs, results or build output. */
    private static List<Path> sources() throws IOException {
        try (Stream<Path> all = Files.walk(ROOT)) {
            return all.filter(Files::isRegularFile)
                    .map(ROOT::relativize)
                    .filter(p -> Stream.of("target", ".git", "results", "node_modules").noneMatch(d -> startsOrHas(p, d)))
                    .filter(p -> {
                        String name = p.getFileName().toString();
                        return name.endsWith(".java") || name.endsWith(".xml") || name.endsWith(".sh")
                                || name.endsWith(".jvm") || name.endsWith(".config") || !name.contains(".");
                    })
                    .toList();
        }
    }

    private static boolean startsOrHas(Path p, String dir) {
        for (Path part : p) {
            if (part.toString().equals(dir)) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path relative) throws IOException {
        try {
            return Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            return ""; // a binary file holds no launch line
        }
    }
}
