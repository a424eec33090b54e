package io.loomicorn.servlet.bootstrap;

import io.loomicorn.servlet.context.AppContext;
import io.loomicorn.servlet.context.ContextLoader;
import io.loomicorn.servlet.context.ServerFacts;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.HandlesTypes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Starts a servlet application from the class the user named (Servlet 6.1 §8.2.4):
 * <ul>
 *   <li>a {@link Servlet}: served at {@code /*}, under its class name;</li>
 *   <li>a {@link ServletContainerInitializer}: run first;</li>
 *   <li>any other class, when the class path registers initializers in
 *       {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}.</li>
 * </ul>
 * In every case the registered initializers run, in class path order, each with the
 * classes its {@code @HandlesTypes} asks for. Then the context listeners, filters and
 * load-on-startup servlets start.
 */
public final class Startup {

    private final ServerFacts facts;

    /** @param facts what the server tells about the application */
    public Startup(ServerFacts facts) {
        this.facts = facts;
    }

    /**
     * Starts the application for a class, if it is a servlet application.
     *
     * @param type the named class
     * @return the started application's context, or empty if the class is none of the kinds above
     * @throws StartupException if the application fails to start
     */
    public Optional<AppContext> start(Class<?> type) throws StartupException {
        List<ServletContainerInitializer> registered = registered();
        boolean servlet = Servlet.class.isAssignableFrom(type);
        boolean initializer = ServletContainerInitializer.class.isAssignableFrom(type);
        if (!servlet && !initializer && registered.isEmpty()) {
            return Optional.empty();
        }
        Descriptors.webXml(facts.classpath()).ifPresent(xml -> facts.log().log(System.Logger.Level.WARNING,
                xml + " is not read: Loomicorn reads no web.xml (docs/servlet.md)"));
        AppContext context = new AppContext(facts);
        List<ServletContainerInitializer> initializers = new ArrayList<>();
        if (initializer) {
            initializers.add(newInitializer(type));
        }
        for (ServletContainerInitializer sci : registered) {
            if (sci.getClass() != type) {
                initializers.add(sci);
            }
        }
        TypeScanner scanner = null;
        for (ServletContainerInitializer sci : initializers) {
            Set<Class<?>> handled = null;
            HandlesTypes ht = sci.getClass().getAnnotation(HandlesTypes.class);
            if (ht != null && ht.value().length > 0) {
                if (scanner == null) {
                    scanner = TypeScanner.scan(facts.classpath(), facts.classLoader());
                }
                handled = load(scanner.matching(new LinkedHashSet<>(Arrays.asList(ht.value()))));
            }
            Set<Class<?>> classes = handled;
            try {
                ContextLoader.run(facts.classLoader(), () -> sci.onStartup(classes, context));
            } catch (Exception | LinkageError e) {
                throw new StartupException("ServletContainerInitializer " + sci.getClass().getName() + " failed: "
                        + StartupException.describe(e), e);
            }
        }
        if (servlet) {
            @SuppressWarnings("unchecked")
            Class<? extends Servlet> servletType = (Class<? extends Servlet>) type;
            ServletRegistration.Dynamic reg = context.addServlet(type.getName(), servletType);
            if (reg != null) {
                reg.addMapping("/*");
                reg.setAsyncSupported(true);
                reg.setLoadOnStartup(0);
            }
        }
        context.initializersDone();
        try {
            context.start();
        } catch (ServletException | RuntimeException | LinkageError e) {
            context.stop();
            throw new StartupException("the application failed to start: " + StartupException.describe(e), e);
        }
        facts.log().log(System.Logger.Level.INFO, "Servlet application started (initializers: "
                + (initializers.isEmpty() ? "none" : initializers.stream().map(i -> i.getClass().getName())
                        .reduce((a, b) -> a + ", " + b).orElse("")) + "): " + context.describe());
        return Optional.of(context);
    }

    private List<ServletContainerInitializer> registered() throws StartupException {
        List<ServletContainerInitializer> list = new ArrayList<>();
        try {
            for (ServletContainerInitializer sci : ServiceLoader.load(ServletContainerInitializer.class, facts.classLoader())) {
                list.add(sci);
            }
        } catch (ServiceConfigurationError e) {
            throw new StartupException("a ServletContainerInitializer could not be loaded: "
                    + StartupException.describe(e.getCause() != null ? e.getCause() : e), e);
        }
        return list;
    }

    private static ServletContainerInitializer newInitializer(Class<?> type) throws StartupException {
        try {
            return (ServletContainerInitializer) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new StartupException("new " + type.getName() + "() failed: " + StartupException.describe(e), e);
        }
    }

    private Set<Class<?>> load(Set<String> names) {
        if (names.isEmpty()) {
            return null;
        }
        Set<Class<?>> classes = new LinkedHashSet<>();
        for (String n : names) {
            try {
                classes.add(Class.forName(n, false, facts.classLoader()));
            } catch (ClassNotFoundException | LinkageError e) {
                // a class whose dependencies are missing cannot be used by the initializer either
            }
        }
        return classes.isEmpty() ? null : classes;
    }
}
