package io.loomicorn.e2e.servlet;

import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee11.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Jetty 12.1 (EE 11, a certified Servlet 6.1 container) in this JVM: the reference the
 * differential tests compare Loomicorn with.
 */
final class JettyReference implements AutoCloseable {

    private final Server server = new Server();
    private final int port;

    /**
     * Deploys an initializer at the root context.
     *
     * @param initializer the application
     * @param handled     the classes its {@code @HandlesTypes} finds (embedded Jetty does not scan)
     */
    JettyReference(ServletContainerInitializer initializer, Class<?>... handled) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.SESSIONS);
        context.addServletContainerInitializer(initializer, handled);
        // Loomicorn reads resources from META-INF/resources on the class path; give Jetty the same.
        context.setBaseResource(org.eclipse.jetty.util.resource.ResourceFactory.of(context).newResource(
                java.nio.file.Path.of("target", "test-classes", "META-INF", "resources").toAbsolutePath()));
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.addErrorPage(409, "/error-page");
        errors.addErrorPage(IllegalStateException.class, "/error-page");
        context.setErrorHandler(errors);
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
