package io.loomicorn.servlet;

import io.loomicorn.app.App;
import io.loomicorn.app.AppAdapter;
import io.loomicorn.servlet.bootstrap.Descriptors;
import io.loomicorn.servlet.bootstrap.Startup;
import io.loomicorn.servlet.context.ServerFacts;

import java.util.Optional;

/**
 * Serves Jakarta Servlet applications: {@code loomicorn --classpath app.jar com.acme.HelloServlet}
 * (a servlet, at {@code /*}), {@code com.acme.WebInit} (a {@code ServletContainerInitializer}),
 * or any class of an application whose jars register initializers. {@link Startup} starts
 * the application; its context is then served as a {@link ServletApp}.
 *
 * <p>It ranks below adapters for specific frameworks ({@link #priority()}), because it also
 * claims any class of an application that registers initializers.
 */
public final class ServletAdapter implements AppAdapter {

    /** Creates the adapter; {@code ServiceLoader} does. */
    public ServletAdapter() {
    }

    @Override
    public Optional<App> adapt(Class<?> type, Context context) throws Exception {
        ServerFacts facts = ServerFacts.from(context.classLoader(), context.classpath(), context.log(),
                context.settings());
        return new Startup(facts).start(type).<App>map(ServletApp::new);
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public Optional<String> explainMissing(String name, Context context) {
        return Descriptors.explain(name, context.classpath());
    }
}
