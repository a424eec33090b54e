package io.loomicorn.springboot;

import io.loomicorn.app.App;
import io.loomicorn.app.Request;
import io.loomicorn.app.Response;
import io.loomicorn.servlet.ServletApp;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A started Boot application as a Loomicorn {@link App}: requests go through the servlet
 * container to Boot's dispatcher servlet and filters. It blocks ({@link #isBlocking()}).
 * Closing it, at worker exit, first stops the servlet context (servlets, filters, listeners),
 * then closes the Spring application context, the order Boot's own servers follow.
 */
public final class SpringBootApp implements App, AutoCloseable {

    private final ServletApp servlets;
    private final ConfigurableApplicationContext context;

    /**
     * @param servlets the worker's started servlet application
     * @param context  the Spring application context that configured it
     */
    SpringBootApp(ServletApp servlets, ConfigurableApplicationContext context) {
        this.servlets = servlets;
        this.context = context;
    }

    /** Returns the Spring application context. */
    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void handle(Request request, Response response) throws Exception {
        servlets.handle(request, response);
    }

    @Override
    public boolean isBlocking() {
        return true;
    }

    @Override
    public void close() {
        try {
            servlets.close();
        } finally {
            context.close();
        }
    }
}
