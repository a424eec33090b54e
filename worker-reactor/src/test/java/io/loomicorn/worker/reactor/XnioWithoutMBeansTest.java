package io.loomicorn.worker.reactor;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reactor worker starts XNIO without its MXBeans, and leaves the platform MBean server to
 * the application as the JDK would; each case runs in a fresh JVM, since the platform server
 * is built once per JVM.
 */
class XnioWithoutMBeansTest {

    @Test
    void xnioRegistersNoMBeansAndTheApplicationStillGetsThePlatformServer() throws Exception {
        String out = run("quiet");
        assertThat(out).contains("xnio-beans 0", "property null", "runtime-bean true");
    }

    @Test
    void withoutItXnioRegistersItsProviderAndWorker() throws Exception {
        String out = run("plain");
        assertThat(out).contains("runtime-bean true").doesNotContain("xnio-beans 0");
        assertThat(out).containsPattern("xnio-beans [1-9]");
    }

    @Test
    void aBuilderSetForTheJvmIsLeftAlone() throws Exception {
        String out = run("quiet", "-Djavax.management.builder.initial=javax.management.MBeanServerBuilder");
        assertThat(out).containsPattern("xnio-beans [1-9]").contains("property javax.management.MBeanServerBuilder");
    }

    private static String run(String mode, String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), XnioStart.class.getName(), mode));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
