package io.loomicorn.worker;

import io.loomicorn.app.App;
import io.loomicorn.app.AppAdapter;

import java.util.Optional;

/** Two application adapters that {@link AppLoaderTest} registers through {@code META-INF/services}. */
final class TestAdapters {

    private TestAdapters() {
    }

    /** A class that an adapter serves: it is no App. */
    public static final class Greeter {
        public String greeting() {
            return "hello";
        }
    }

    /** A class that an adapter recognises but cannot start. */
    public static final class Broken {
    }

    /** A class that only the low-priority adapter claims. */
    public static final class Other {
    }

    /** The app an adapter returns, saying which adapter made it. */
    record Adapted(String by, Class<?> type, AppAdapter.Context context) implements App {
        @Override
        public void handle(io.loomicorn.app.Request request, io.loomicorn.app.Response response) {
        }
    }

    /** Serves {@link Greeter} and {@link Broken}; explains a missing {@code .war}. */
    public static final class Greeting implements AppAdapter {
        @Override
        public Optional<App> adapt(Class<?> type, Context context) {
            if (type == Broken.class) {
                throw new IllegalStateException("the broken class cannot start");
            }
            return type == Greeter.class || type == Other.class ? Optional.of(new Adapted("greeting", type, context))
                    : Optional.empty();
        }

        @Override
        public Optional<String> explainMissing(String name, Context context) {
            return name.endsWith(".war") ? Optional.of(name + " is a WAR, which this adapter does not read")
                    : Optional.empty();
        }
    }

    /** Claims {@link Other} too, but ranks below {@link Greeting}. */
    public static final class Fallback implements AppAdapter {
        @Override
        public Optional<App> adapt(Class<?> type, Context context) {
            return type == Other.class ? Optional.of(new Adapted("fallback", type, context)) : Optional.empty();
        }

        @Override
        public int priority() {
            return -10;
        }
    }
}
