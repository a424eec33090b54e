package io.loomicorn.worker.reactor;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.ThreadContext;
import org.jboss.logging.Logger;
import org.jboss.logging.LoggerProvider;

import java.util.List;
import java.util.Map;

/**
 * jboss-logging's provider in Loomicorn's processes: XNIO, JBoss Threads and the WildFly
 * libraries under them, which log through jboss-logging, write to the error log; every
 * other category goes to log4j, as jboss-logging's own search picks log4j when it finds it.
 *
 * <p>Without it, XNIO's first line started log4j's own {@code LoggerContext} in every
 * reactor worker: a configuration file search and the plugin scan (a worker initialised 2,182
 * classes by BOOTED with it, 1,674 without; its boot CPU about 0.1 s more), for lines that log4j's default configuration (errors only, to the
 * console) then mostly dropped. Through {@link System.Logger}, which the server routes to
 * its error log, XNIO's lines take the error log's format and level, and follow a user's
 * {@code logconfig}, like the server's own. Those libraries say only their versions at
 * INFO, once per worker; they are logged at DEBUG, so an INFO error log reads as before.
 *
 * <p>jboss-logging finds this class through {@link java.util.ServiceLoader}; its system
 * property {@code org.jboss.logging.provider}, when set, still chooses before it. The
 * mapped diagnostic context and the nested one are log4j's {@link ThreadContext}, as with
 * jboss-logging's log4j provider.
 */
public final class ErrorLogLoggerProvider implements LoggerProvider {

    /**
     * The categories of the libraries under the reactor worker, and jboss-logging's own
     * (which names its provider at DEBUG as it picks one).
     */
    static final List<String> SERVER_CATEGORIES = List.of("org.xnio", "org.jboss.threads", "org.wildfly",
            "org.jboss.logging");

    /** Public, for {@link java.util.ServiceLoader}. */
    public ErrorLogLoggerProvider() {
    }

    @Override
    public Logger getLogger(String name) {
        if (isServerCategory(name)) {
            return new FormattingLogger(name, new ErrorLogSink(System.getLogger(name)));
        }
        return new FormattingLogger(name, new Log4jSink(LogManager.getLogger(name)));
    }

    /** Tells whether a category is one of {@link #SERVER_CATEGORIES} or below one. */
    static boolean isServerCategory(String name) {
        for (String category : SERVER_CATEGORIES) {
            if (name.equals(category) || (name.startsWith(category) && name.charAt(category.length()) == '.')) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void clearMdc() {
        ThreadContext.clearMap();
    }

    @Override
    public Object putMdc(String key, Object value) {
        Object previous = ThreadContext.get(key);
        ThreadContext.put(key, String.valueOf(value));
        return previous;
    }

    @Override
    public Object getMdc(String key) {
        return ThreadContext.get(key);
    }

    @Override
    public void removeMdc(String key) {
        ThreadContext.remove(key);
    }

    @Override
    public Map<String, Object> getMdcMap() {
        return Map.copyOf(ThreadContext.getImmutableContext());
    }

    @Override
    public void clearNdc() {
        ThreadContext.clearStack();
    }

    @Override
    public String getNdc() {
        return ThreadContext.peek();
    }

    @Override
    public int getNdcDepth() {
        return ThreadContext.getDepth();
    }

    @Override
    public String popNdc() {
        return ThreadContext.pop();
    }

    @Override
    public String peekNdc() {
        return ThreadContext.peek();
    }

    @Override
    public void pushNdc(String message) {
        ThreadContext.push(message);
    }

    @Override
    public void setNdcMaxDepth(int maxDepth) {
        ThreadContext.trim(maxDepth);
    }

    /** Where a {@link FormattingLogger} writes its finished lines. */
    interface Sink {

        boolean isEnabled(Logger.Level level);

        void log(Logger.Level level, String line, Throwable thrown);
    }

    /** The error log, through the server's {@link System.Logger}s; INFO becomes DEBUG (see the class comment). */
    record ErrorLogSink(System.Logger logger) implements Sink {

        @Override
        public boolean isEnabled(Logger.Level level) {
            return logger.isLoggable(map(level));
        }

        @Override
        public void log(Logger.Level level, String line, Throwable thrown) {
            logger.log(map(level), line, thrown);
        }

        static System.Logger.Level map(Logger.Level level) {
            return switch (level) {
                case FATAL, ERROR -> System.Logger.Level.ERROR;
                case WARN -> System.Logger.Level.WARNING;
                case INFO, DEBUG -> System.Logger.Level.DEBUG;
                case TRACE -> System.Logger.Level.TRACE;
            };
        }
    }

    /** A log4j logger of the application's log4j. */
    record Log4jSink(org.apache.logging.log4j.Logger logger) implements Sink {

        @Override
        public boolean isEnabled(Logger.Level level) {
            return logger.isEnabled(map(level));
        }

        @Override
        public void log(Logger.Level level, String line, Throwable thrown) {
            logger.log(map(level), line, thrown);
        }

        private static org.apache.logging.log4j.Level map(Logger.Level level) {
            return switch (level) {
                case FATAL -> org.apache.logging.log4j.Level.FATAL;
                case ERROR -> org.apache.logging.log4j.Level.ERROR;
                case WARN -> org.apache.logging.log4j.Level.WARN;
                case INFO -> org.apache.logging.log4j.Level.INFO;
                case DEBUG -> org.apache.logging.log4j.Level.DEBUG;
                case TRACE -> org.apache.logging.log4j.Level.TRACE;
            };
        }
    }
}
