package io.loomicorn.springboot;

import io.loomicorn.app.App;
import io.loomicorn.app.AppAdapter;
import io.loomicorn.servlet.ServletApp;
import io.loomicorn.servlet.context.AppContext;
import io.loomicorn.servlet.context.ContextLoader;
import io.loomicorn.servlet.context.ServerFacts;
import io.loomicorn.springboot.web.WorkerServletContext;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;

import java.util.Optional;

/**
 * Serves a Spring Boot application: {@code loomicorn --classpath 'lib/*' com.acme.Application}.
 *
 * <p>It recognises a class that carries {@code @SpringBootConfiguration}, directly or through
 * {@code @SpringBootApplication}: the class a Boot application is started with. Each worker
 * (and the check JVM of {@code preload_app} and {@code --check-config}) starts the application
 * once ({@link BootLauncher}); Boot asks its web server factory for a server while it
 * refreshes, and Loomicorn's ({@code LoomicornServletWebServerFactory}, auto-configured) runs
 * Boot's servlet initializers against the worker's servlet context, handed over here. A class
 * without the annotation is left to the plain servlet adapter.
 */
public final class SpringBootAdapter implements AppAdapter {

    /** Creates the adapter; {@code ServiceLoader} does. */
    public SpringBootAdapter() {
    }

    @Override
    public Optional<App> adapt(Class<?> type, Context context) throws Exception {
        if (!MergedAnnotations.from(type, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                .isPresent(SpringBootConfiguration.class)) {
            return Optional.empty();
        }
        ServerFacts facts = ServerFacts.from(context.classLoader(), context.classpath(), context.log(), context.settings());
        AppContext servletContext = new AppContext(facts);
        WorkerServletContext.offer(new WorkerServletContext.Offer(servletContext, context.settings()));
        ConfigurableApplicationContext spring;
        try {
            spring = ContextLoader.call(context.classLoader(), () -> BootLauncher.run(type));
        } catch (Exception | LinkageError e) {
            throw new ContextStartException(e);
        }
        if (WorkerServletContext.withdraw()) {
            spring.close();
            throw new IllegalStateException(type.getName() + " started no servlet web server: it needs "
                    + "spring-boot-starter-webmvc (or web) and loomicorn-spring-boot on the class path (docs/spring.md)");
        }
        context.log().log(System.Logger.Level.INFO, "Spring Boot application " + type.getName() + " started: "
                + servletContext.describe());
        return Optional.of(new SpringBootApp(new ServletApp(servletContext), spring));
    }
}
