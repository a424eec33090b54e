package io.loomicorn.e2e.servlet;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

import java.util.Set;

/** An initializer that cannot start: the server must say so in one line and exit 3. */
public final class FailingInitializer implements ServletContainerInitializer {

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext ctx) throws ServletException {
        throw new ServletException("the database is unreachable");
    }
}
