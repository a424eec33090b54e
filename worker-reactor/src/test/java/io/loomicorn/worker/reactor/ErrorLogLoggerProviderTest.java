package io.loomicorn.worker.reactor;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorLogLoggerProviderTest {

    @Test
    void xnioAndTheLibrariesUnderItAreServerCategoriesAndOthersAreNot() {
        assertThat(ErrorLogLoggerProvider.isServerCategory("org.xnio")).isTrue();
        assertThat(ErrorLogLoggerProvider.isServerCategory("org.xnio.nio")).isTrue();
        assertThat(ErrorLogLoggerProvider.isServerCategory("org.jboss.threads")).isTrue();
        assertThat(ErrorLogLoggerProvider.isServerCategory("org.wildfly.common")).isTrue();
        assertThat(ErrorLogLoggerProvider.isServerCategory("org.jboss.logging")).isTrue();
        assertThat(ErrorLogLoggerProvider.isServerCategory("org.xnioplus")).isFalse();
        assertThat(ErrorLogLoggerProvider.isServerCategory("org.hibernate.validator")).isFalse();
        assertThat(ErrorLogLoggerProvider.isServerCategory("org.jboss")).isFalse();
    }

    @Test
    void jbossLoggingFindsTheProviderAndXnioCategoriesWriteToTheErrorLogsSystemLogger() {
        Logger xnio = Logger.getLogger("org.xnio.nio");
        assertThat(xnio).isInstanceOf(FormattingLogger.class);
        assertThat(new ErrorLogLoggerProvider().getLogger("org.xnio"))
                .extracting("sink").isInstanceOf(ErrorLogLoggerProvider.ErrorLogSink.class);
        assertThat(new ErrorLogLoggerProvider().getLogger("com.example.app"))
                .extracting("sink").isInstanceOf(ErrorLogLoggerProvider.Log4jSink.class);
    }

    @Test
    void messagesAreFormattedAsJbossLoggingDefinesThem() {
        List<String> lines = new ArrayList<>();
        Logger logger = new FormattingLogger("org.xnio", new ErrorLogLoggerProvider.Sink() {
            @Override
            public boolean isEnabled(Logger.Level level) {
                return level != Logger.Level.TRACE;
            }

            @Override
            public void log(Logger.Level level, String line, Throwable thrown) {
                lines.add(level + " " + line + (thrown == null ? "" : " / " + thrown.getMessage()));
            }
        });
        logger.infof("XNIO version %s", "3.8.17.Final");
        logger.warnv("closing {0} failed", "channel");
        logger.error("plain {0}", new IllegalStateException("boom"));
        logger.tracef("dropped %s", "line");
        assertThat(lines).containsExactly("INFO XNIO version 3.8.17.Final", "WARN closing channel failed",
                "ERROR plain {0} / boom");
    }

    @Test
    void infoFromTheServersLibrariesIsDebugInTheErrorLog() {
        assertThat(ErrorLogLoggerProvider.ErrorLogSink.map(Logger.Level.INFO)).isEqualTo(System.Logger.Level.DEBUG);
        assertThat(ErrorLogLoggerProvider.ErrorLogSink.map(Logger.Level.WARN)).isEqualTo(System.Logger.Level.WARNING);
        assertThat(ErrorLogLoggerProvider.ErrorLogSink.map(Logger.Level.FATAL)).isEqualTo(System.Logger.Level.ERROR);
    }
}
