package io.loomicorn.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Serves applications written against another API (Jakarta Servlet, Spring Boot) by
 * turning the class the user named into an {@link App}, as a WSGI framework sits on
 * gunicorn.
 *
 * <p>When the named class is not an {@code App} (and the name has no {@code :member}), the
 * worker asks every adapter found with {@link java.util.ServiceLoader} on its class path
 * (register the implementation in {@code META-INF/services/io.loomicorn.app.AppAdapter}),
 * highest {@link #priority()} first, and serves the first application one returns. An
 * adapter that recognises the class but cannot start it throws: the worker reports the
 * exception in one line and does not boot, as for an {@code App} whose constructor throws.
 *
 * <p>The returned application is closed at worker exit when it is {@link AutoCloseable}.
 */
public interface AppAdapter {

    /**
     * Returns the application that serves {@code type}, or empty when this adapter does not
     * recognise such a class.
     *
     * @param type    the class the user named, loaded and initialised
     * @param context what the worker knows about the application
     * @return the application, started and ready to serve; empty if not recognised
     * @throws Exception if the class is recognised but the application fails to start
     */
    Optional<App> adapt(Class<?> type, Context context) throws Exception;

    /**
     * Returns where this adapter stands when several recognise a class: higher first. An
     * adapter that recognises specific classes keeps the default 0; one that serves any class
     * of an application that carries some marker returns less, so that specific ones win.
     *
     * @return the priority
     */
    default int priority() {
        return 0;
    }

    /**
     * Explains, in one line, why a name that is no class on the class path cannot be served,
     * when this adapter knows (a WAR file, a descriptor this adapter does not read).
     *
     * @param name    the application name as given
     * @param context what the worker knows about the application
     * @return the explanation, or empty
     */
    default Optional<String> explainMissing(String name, Context context) {
        return Optional.empty();
    }

    /** What the worker knows about the application it is about to serve. */
    interface Context {

        /** Returns the class loader of the application's classes. */
        ClassLoader classLoader();

        /**
         * Returns the application's own class path entries (the {@code classpath} setting),
         * absolute, with {@code dir/*} expanded to the jars in {@code dir}; Loomicorn's own
         * jars are not among them.
         */
        List<Path> classpath();

        /** Returns the resolved settings. */
        SettingsView settings();

        /** Returns the server's error log, for what the adapter has to say at start and while serving. */
        System.Logger log();
    }
}
