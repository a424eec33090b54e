package io.loomicorn.logging;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The log4j {@link LoggerContext} that holds Loomicorn's own loggers, apart from the one
 * the application uses.
 *
 * <p><b>Why.</b> log4j keeps loggers in contexts. {@code LogManager.getLogger} and every
 * {@code Configurator} call ({@code initialize}, {@code reconfigure}, {@code setLevel},
 * {@code shutdown}) go through the context selector to the application's context.
 * Had the server's loggers lived there, an application that configures log4j at start
 * would replace their appenders or turn them off, which is gunicorn's
 * {@code dictConfig} problem on the JVM. This context is created directly, never
 * registered with the selector, and so unreachable from those calls: the application
 * keeps full control of its own log4j, and the server's error, access and syslog output
 * keeps working. Conversely the server never configures the application's context, so an
 * application's {@code log4j2.xml} or {@code Configurator.initialize} takes effect as it
 * would anywhere else.
 *
 * <p>The context starts with a bootstrap configuration (INFO to standard error) so that
 * lines logged before the settings are read are not lost, and a JVM shutdown hook stops
 * it, which writes out batched access lines when a worker exits.
 */
final class ServerLoggerContext {

    private static final LoggerContext CONTEXT = create();

    private ServerLoggerContext() {
    }

    private static LoggerContext create() {
        // log4j's start gives up, and stays broken for the whole JVM, when the thread that runs
        // it is interrupted ("Interrupted before Log4j Providers could be loaded"), and the
        // first thread to log may be one that is being stopped. So the context is made on a
        // thread nobody else knows, and an interrupt of this one is kept for afterwards.
        FutureTask<LoggerContext> start = new FutureTask<>(Creation::create);
        Thread.ofPlatform().daemon().name("loomicorn-log-context").start(start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return start.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Makes the context; a class of its own, so that the thread that runs it does not wait
     * for {@code ServerLoggerContext}'s initialisation, which waits for it.
     */
    private static final class Creation {

        static LoggerContext create() {
            // Without log4j's plugin classes, which Loomicorn's own configurations do not use.
            LoggerContext context = LookupOnlyPluginIndex.during(() -> new LoggerContext("loomicorn"));
            BuiltInConfiguration.Sinks sinks = new BuiltInConfiguration.Sinks(StandardStream.STDERR, null, null);
            context.start(new BuiltInConfiguration(context, LogSetup.bootstrap("-"), sinks));
            // Every configuration installed later (built-in, logconfig, silent) counts for the metrics.
            context.addPropertyChangeListener(event -> {
                if (LoggerContext.PROPERTY_CONFIG.equals(event.getPropertyName())
                        && event.getNewValue() instanceof Configuration installed) {
                    LogCounts.attach(installed);
                }
            });
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("loomicorn-log-shutdown").unstarted(ServerLoggerContext::stop));
            return context;
        }
    }

    /** Returns the context. */
    static LoggerContext get() {
        return CONTEXT;
    }

    /**
     * Replaces the running configuration; the previous one is stopped after the new one
     * started, so no event is dropped in between.
     *
     * @param configuration the new configuration
     */
    static void install(Configuration configuration) {
        CONTEXT.setConfiguration(configuration);
    }

    /**
     * Stops the running configuration: writes out what is buffered and closes files.
     * Later events go nowhere. The context itself stays (stopping it would initialise
     * log4j's {@code LogManager}, which this process may never have needed, during JVM
     * shutdown, when that fails).
     */
    static void stop() {
        CONTEXT.setConfiguration(silent());
    }

    /** A configuration that drops everything, for the moment between two others. */
    static Configuration silent() {
        Configuration c = new PluginFreeConfiguration(CONTEXT, "silent") {
            @Override
            protected void doConfigure() {
                getRootLogger().setLevel(Level.OFF);
            }
        };
        // Spares log4j a host name lookup (DNS) that nothing here uses.
        c.getProperties().putIfAbsent("hostName", "localhost");
        return c;
    }
}
