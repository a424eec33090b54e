package io.loomicorn.logging;

import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.apache.logging.log4j.core.config.plugins.util.PluginRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's logger context is made without loading log4j's plugin classes, and leaves log4j's registry whole. */
class LookupOnlyPluginIndexTest {

    @Test
    void theIndexHoldsTheLookupsOnly() throws IOException {
        byte[] index = LookupOnlyPluginIndex.lookupsOnly(getClass().getClassLoader());
        Path file = Files.createTempFile("plugins", ".dat");
        try {
            Files.write(file, index);
            PluginCache read = new PluginCache();
            read.loadCacheFiles(Collections.enumeration(List.of(file.toUri().toURL())));
            assertThat(read.getAllCategories().keySet()).containsExactly("lookup");
            assertThat(read.getCategory("lookup")).containsKeys("env", "sys", "date");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void laterConfigurationsSeeEveryPlugin() {
        LookupOnlyPluginIndex.during(() -> PluginRegistry.getInstance().loadFromMainClassLoader());
        assertThat(PluginRegistry.getInstance().loadFromMainClassLoader())
                .containsKeys("lookup", "core", "converter");
        assertThat(PluginRegistry.getInstance().loadFromMainClassLoader().get("core"))
                .anySatisfy(type -> assertThat(type.getKey()).isEqualTo("console"));
    }

    @Test
    void aJvmThatLogsThroughTheServersContextLoadsNoPluginClassItDoesNotUse() throws Exception {
        Path classes = Files.createTempFile("classes", ".txt");
        try {
            Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xlog:class+load:file=" + classes, "-cp", System.getProperty("java.class.path"),
                    LogOneLine.class.getName())
                    .redirectErrorStream(true).start();
            String output = new String(java.getInputStream().readAllBytes());
            assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(output).contains("[INFO] [-] one line").doesNotContain("ERROR");
            String loaded = Files.readString(classes);
            assertThat(loaded).contains("org.apache.logging.log4j.core.lookup.EnvironmentLookup")
                    .doesNotContain("org.apache.logging.log4j.core.appender.RollingFileAppender ")
                    .doesNotContain("org.apache.logging.log4j.core.pattern.HighlightConverter ");
        } finally {
            Files.delete(classes);
        }
    }

    @Test
    void aThreadThatWasInterruptedCanStartTheServersLogging() throws Exception {
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LogFirstWhenInterrupted.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("[INFO] [-] while interrupted", "[INFO] [-] later, on main", "still interrupted")
                .doesNotContain("Interrupted before", "NoClassDefFoundError", "ExceptionInInitializerError");
        assertThat(java.exitValue()).as(output).isZero();
    }

    /** Logs first from a thread whose interrupt is set, and set again while it logs, then from main. */
    static final class LogFirstWhenInterrupted {

        public static void main(String[] args) throws Exception {
            Thread first = Thread.ofPlatform().start(() -> {
                Thread.currentThread().interrupt();
                ServerLog.ERROR.info("while interrupted");
                if (Thread.interrupted()) {
                    System.out.println("still interrupted");
                }
            });
            while (first.isAlive()) { // and interrupted again and again while log4j starts
                first.interrupt();
                Thread.onSpinWait();
            }
            ServerLog.ERROR.info("later, on main");
        }
    }

    /** Writes one line to the server's error log (standard error at the start). */
    static final class LogOneLine {

        public static void main(String[] args) {
            ServerLog.ERROR.info("one line");
        }
    }
}
