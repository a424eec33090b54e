package io.loomicorn.worker;

import io.loomicorn.app.App;
import io.loomicorn.app.AppAdapter;
import io.loomicorn.config.Config;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Loads the application named on the command line, as gunicorn loads
 * {@code module:variable}:
 * <ul>
 *   <li>{@code com.acme.Main:app}: a public static field, or a public static
 *       no-argument method, of {@code com.acme.Main} that yields an {@link App};</li>
 *   <li>{@code com.acme.HelloApp}: a class that implements {@link App} and has a public
 *       no-argument constructor.</li>
 * </ul>
 * Every failure is an {@link AppLoadException} with one line that says what went wrong
 * and where: class not found, member not found, wrong type, or an initialiser or
 * constructor that threw (with its cause).
 */
public final class AppLoader {

    private AppLoader() {
    }

    /**
     * Loads and initialises the application that the settings name, with the adapters
     * found on {@code loader}.
     *
     * @param config the resolved settings (the application name, {@code classpath})
     * @param loader the class loader of the application's classpath
     * @return the application
     * @throws AppLoadException with a one-line reason
     */
    public static App load(Config config, ClassLoader loader) throws AppLoadException {
        return load(config.app(), loader, new AdapterContext(loader, config));
    }

    /**
     * Loads and initialises the application, with default settings for adapters.
     *
     * @param spec   {@code CLASS} or {@code CLASS:MEMBER}
     * @param loader the class loader of the application's classpath
     * @return the application
     * @throws AppLoadException with a one-line reason
     */
    public static App load(String spec, ClassLoader loader) throws AppLoadException {
        return load(spec, loader, new AdapterContext(loader, Config.defaults()));
    }

    private static App load(String spec, ClassLoader loader, AppAdapter.Context context) throws AppLoadException {
        if (spec == null || spec.isBlank()) {
            throw new AppLoadException("No application specified: name one, e.g. io.loomicorn.examples.DemoApp");
        }
        spec = spec.strip();
        int colon = spec.indexOf(':');
        String className = colon < 0 ? spec : spec.substring(0, colon);
        String member = colon < 0 ? null : spec.substring(colon + 1);
        if (className.isEmpty() || (member != null && member.isEmpty())) {
            throw new AppLoadException("Bad application name '" + spec + "': expected CLASS or CLASS:MEMBER");
        }
        Class<?> type = loadClass(className, loader, context);
        if (member != null) {
            return fromMember(type, member);
        }
        return App.class.isAssignableFrom(type) ? construct(type) : adapt(type, context);
    }

    private static Class<?> loadClass(String className, ClassLoader loader, AppAdapter.Context context)
            throws AppLoadException {
        try {
            return Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            for (AppAdapter adapter : adapters(loader)) {
                Optional<String> why = adapter.explainMissing(className, context);
                if (why.isPresent()) {
                    throw new AppLoadException(why.get());
                }
            }
            throw new AppLoadException("Application class " + className + " was not found on the classpath");
        } catch (ExceptionInInitializerError e) {
            throw new AppLoadException("Initialising " + className + " failed: " + describe(e.getCause()));
        } catch (LinkageError e) {
            throw new AppLoadException("Loading " + className + " failed: " + describe(e));
        }
    }

    /** Asks the adapters, highest priority first, to serve a class that is not an {@link App}. */
    private static App adapt(Class<?> type, AppAdapter.Context context) throws AppLoadException {
        for (AppAdapter adapter : adapters(context.classLoader())) {
            Optional<App> app;
            try {
                app = adapter.adapt(type, context);
            } catch (Exception | LinkageError e) {
                context.log().log(System.Logger.Level.DEBUG, "Starting " + type.getName() + " failed", e);
                throw new AppLoadException("Starting " + type.getName() + " failed: " + describe(e));
            }
            if (app.isPresent()) {
                return app.get();
            }
        }
        throw new AppLoadException(type.getName() + " does not implement " + App.class.getName()
                + "; name a class that does, or CLASS:MEMBER for a field or method that yields one");
    }

    private static List<AppAdapter> adapters(ClassLoader loader) {
        return ServiceLoader.load(AppAdapter.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(AppAdapter::priority).reversed()
                        .thenComparing(a -> a.getClass().getName()))
                .toList();
    }

    private static App construct(Class<?> type) throws AppLoadException {
        Constructor<?> ctor;
        try {
            ctor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new AppLoadException(type.getName() + " has no public no-argument constructor");
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            throw new AppLoadException(type.getName() + " is abstract and cannot be constructed");
        }
        try {
            return (App) ctor.newInstance();
        } catch (InvocationTargetException e) {
            throw new AppLoadException("new " + type.getName() + "() threw " + describe(e.getCause()));
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new AppLoadException("new " + type.getName() + "() failed: " + describe(e));
        }
    }

    private static App fromMember(Class<?> type, String member) throws AppLoadException {
        Object value;
        String where = type.getName() + "." + member;
        Field field = publicStaticField(type, member);
        if (field != null) {
            try {
                value = field.get(null);
            } catch (IllegalAccessException e) {
                throw new AppLoadException(where + " is not accessible: " + describe(e));
            }
        } else {
            Method method = publicStaticMethod(type, member);
            if (method == null) {
                throw new AppLoadException(type.getName() + " has no public static field or no-argument method named '"
                        + member + "'");
            }
            where += "()";
            try {
                value = method.invoke(null);
            } catch (InvocationTargetException e) {
                throw new AppLoadException(where + " threw " + describe(e.getCause()));
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new AppLoadException(where + " failed: " + describe(e));
            }
        }
        if (value == null) {
            throw new AppLoadException(where + " is null, not an " + App.class.getName());
        }
        if (!(value instanceof App app)) {
            throw new AppLoadException(where + " is a " + value.getClass().getName() + ", not an " + App.class.getName());
        }
        return app;
    }

    private static Field publicStaticField(Class<?> type, String name) {
        try {
            Field f = type.getField(name);
            return Modifier.isStatic(f.getModifiers()) ? f : null;
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static Method publicStaticMethod(Class<?> type, String name) {
        try {
            Method m = type.getMethod(name);
            return Modifier.isStatic(m.getModifiers()) ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** One line for a cause: its type and message, and the class that is missing if that is the problem. */
    static String describe(Throwable t) {
        if (t == null) {
            return "an unknown error";
        }
        if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
            String missing = t.getMessage() == null ? "?" : t.getMessage().replace('/', '.');
            return "class " + missing + " is missing from the classpath (" + t.getClass().getSimpleName() + ")";
        }
        String message = t.getMessage();
        String line = t.getClass().getName() + (message == null ? "" : ": " + message);
        return line.lines().findFirst().orElse(line);
    }
}
