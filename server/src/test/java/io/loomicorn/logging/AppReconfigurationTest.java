package io.loomicorn.logging;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gunicorn's seed bug on the JVM: an application that reconfigures log4j must not
 * silence or close the server's error, access and syslog output.
 */
class AppReconfigurationTest {

    @AfterEach
    void reset() {
        LoggingFixture.reset();
    }

    @Test
    void serverLoggingSurvivesEverythingAnApplicationDoesToLog4j(@TempDir Path dir) throws Exception {
        Path error = dir.resolve("error.log");
        Path access = dir.resolve("access.log");
        Path appLog = dir.resolve("app.log");
        try (DatagramSocket syslog = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            syslog.setSoTimeout(5000);
            LogSetup setup = LoggingFixture.withSyslog(
                    LoggingFixture.withAccess(LoggingFixture.errorOnly(error), access.toString(), "%(r)s %(s)s", false),
                    new LogSetup.Syslog(new SyslogAddress.Udp("127.0.0.1", syslog.getLocalPort()), 1, "app", true));
            Logging.apply(setup);
            ServerLog.ERROR.info("before");
            receive(syslog);

            // What applications do at start: their own configuration, everything else off.
            BuiltConfiguration own = appConfiguration(appLog);
            Configurator.initialize(own);
            Configurator.reconfigure(appConfiguration(appLog));
            LogManager.getLogger("com.acme").fatal("the application's own line");
            Configurator.setRootLevel(Level.OFF);
            Configurator.setLevel("loomicorn", Level.OFF);
            Configurator.setLevel(ServerLog.ERROR_NAME, Level.OFF);
            Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.OFF);
            LogManager.shutdown();

            ServerLog.ERROR.info("after");
            LoggingFixture.logRequest("/after", 200);
            assertThat(LoggingFixture.lines(error)).anyMatch(l -> l.endsWith("[INFO] [worker] after"));
            assertThat(LoggingFixture.awaitLine(access, l -> l.equals("GET /after HTTP/1.1 200")))
                    .contains("GET /after HTTP/1.1 200");
            assertThat(receive(syslog)).endsWith("loomicorn.app.error: [" + LoggingFixture.PID + "] after");
            String accessDatagram = receive(syslog);
            assertThat(accessDatagram).endsWith("loomicorn.app.access: [" + LoggingFixture.PID + "] GET /after HTTP/1.1 200");
        }
        // And the application's configuration did take effect for its own loggers.
        assertThat(LoggingFixture.lines(appLog)).containsExactly("APP FATAL the application's own line");
    }

    private static BuiltConfiguration appConfiguration(Path file) {
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setConfigurationName("app");
        b.add(b.newAppender("app", "File").addAttribute("fileName", file.toString())
                .add(b.newLayout("PatternLayout").addAttribute("pattern", "APP %p %m%n")));
        b.add(b.newRootLogger(Level.INFO).add(b.newAppenderRef("app")));
        return b.build();
    }

    private static String receive(DatagramSocket socket) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
        socket.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }
}
