package io.loomicorn.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A thread that dies of an exception leaves an error-log entry, not a bare trace on standard error. */
class UncaughtExceptionLogTest {

    @Test
    void aThreadThatDiesOfAnExceptionIsLoggedToTheErrorLog(@TempDir Path dir) throws Exception {
        Path errorLog = dir.resolve("error.log");
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ThreadDies.class.getName(), errorLog.toString())
                .start();
        String stdout = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(java.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(stdout + stderr).isZero();
        assertThat(stderr).doesNotContain("Exception in thread").doesNotContain("broken on purpose");
        List<String> lines = Files.readAllLines(errorLog, StandardCharsets.UTF_8);
        assertThat(lines.getFirst()).contains("[ERROR]").endsWith("Exception in thread \"doomed\"");
        assertThat(lines).anySatisfy(l -> assertThat(l).isEqualTo("java.lang.IllegalStateException: broken on purpose"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("at " + ThreadDies.class.getName()));
    }

    @Test
    void anApplicationsOwnDefaultHandlerIsKeptOnReconfiguration(@TempDir Path dir) throws Exception {
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.UncaughtExceptionHandler own = (t, e) -> { };
        try {
            Logging.apply(LoggingFixture.errorOnly(dir.resolve("error.log")));
            assertThat(Thread.getDefaultUncaughtExceptionHandler()).isInstanceOf(UncaughtExceptionLog.class);
            Thread.setDefaultUncaughtExceptionHandler(own);
            Logging.apply(LoggingFixture.errorOnly(dir.resolve("error.log")));
            assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(own);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
            LoggingFixture.reset();
        }
    }

    /** Sets up an error log to the file named by its argument, then lets a thread die. */
    static final class ThreadDies {

        public static void main(String[] args) throws Exception {
            Logging.apply(LoggingFixture.errorOnly(Path.of(args[0])));
            Thread doomed = Thread.ofPlatform().name("doomed").start(() -> {
                throw new IllegalStateException("broken on purpose");
            });
            doomed.join();
            Logging.shutdown();
        }
    }
}
