package io.loomicorn.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a Boot application the way its author starts it: through the class's own
 * {@code public static void main(String[])} when it has one (so that what {@code main} sets on
 * its {@link SpringApplication} applies: profiles, listeners, banner, sources), with no
 * arguments; else {@code SpringApplication.run(type)}. A {@link SpringApplication#withHook hook}
 * sees every {@code SpringApplication} that runs on this thread meanwhile, captures the context
 * of the first one that starts, and turns off Boot's JVM shutdown hook: the worker closes the
 * context itself when it exits.
 */
final class BootLauncher {

    private BootLauncher() {
    }

    /**
     * Runs the application and returns its started context.
     *
     * @param type the application class
     * @return the context
     * @throws Exception what the start threw, unwrapped from reflection
     */
    static ConfigurableApplicationContext run(Class<?> type) throws Exception {
        AtomicReference<ConfigurableApplicationContext> started = new AtomicReference<>();
        Method main = mainMethod(type);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        SpringApplication.withHook(application -> {
            application.setRegisterShutdownHook(false);
            return new SpringApplicationRunListener() {
                @Override
                public void started(ConfigurableApplicationContext context, Duration timeTaken) {
                    started.compareAndSet(null, context);
                }
            };
        }, () -> {
            try {
                if (main != null) {
                    main.invoke(null, (Object) new String[0]);
                } else {
                    SpringApplication.run(type);
                }
            } catch (InvocationTargetException e) {
                failure.set(e.getCause());
            } catch (Exception | LinkageError e) {
                failure.set(e);
            }
        });
        Throwable failed = failure.get();
        if (failed instanceof Exception e) {
            throw e;
        } else if (failed instanceof Error e) {
            throw e;
        } else if (failed != null) {
            throw new IllegalStateException(failed);
        }
        ConfigurableApplicationContext context = started.get();
        if (context == null) {
            throw new IllegalStateException(type.getName() + ".main returned without running a SpringApplication");
        }
        return context;
    }

    private static Method mainMethod(Class<?> type) {
        try {
            Method m = type.getMethod("main", String[].class);
            return Modifier.isStatic(m.getModifiers()) && m.getReturnType() == void.class ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
