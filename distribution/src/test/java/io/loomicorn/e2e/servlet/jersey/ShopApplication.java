package io.loomicorn.e2e.servlet.jersey;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * A JAX-RS application as Jersey deploys it in any Servlet container: Jersey's own
 * {@code ServletContainerInitializer} finds this class (and the resources and providers
 * beside it) through {@code @HandlesTypes}, and mounts its {@code ServletContainer} at
 * {@code /api/*}.
 */
@ApplicationPath("/api")
public class ShopApplication extends Application {
}
