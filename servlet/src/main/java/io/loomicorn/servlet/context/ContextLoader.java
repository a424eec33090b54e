package io.loomicorn.servlet.context;

/**
 * Runs a step of the application with the application's class loader as the thread's
 * context class loader, and puts the thread's own loader back afterwards: what frameworks
 * expect around their listeners, initializers and bootstrap (they load classes and
 * resources through the context loader).
 */
public final class ContextLoader {

    /**
     * A step that runs under the application's loader.
     *
     * @param <T> what it returns
     * @param <E> what it throws
     */
    @FunctionalInterface
    public interface Step<T, E extends Exception> {
        /**
         * Runs the step.
         *
         * @return its result
         * @throws E when it fails
         */
        T run() throws E;
    }

    /**
     * A step that returns nothing.
     *
     * @param <E> what it throws
     */
    @FunctionalInterface
    public interface Task<E extends Exception> {
        /**
         * Runs the step.
         *
         * @throws E when it fails
         */
        void run() throws E;
    }

    private ContextLoader() {
    }

    /**
     * Runs {@code step} with {@code loader} as the context class loader.
     *
     * @param loader the application's class loader
     * @param step   the step
     * @param <T>    what the step returns
     * @param <E>    what the step throws
     * @return the step's result
     * @throws E when the step fails
     */
    public static <T, E extends Exception> T call(ClassLoader loader, Step<T, E> step) throws E {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return step.run();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /**
     * Runs {@code task} with {@code loader} as the context class loader.
     *
     * @param loader the application's class loader
     * @param task   the step
     * @param <E>    what the step throws
     * @throws E when the step fails
     */
    public static <E extends Exception> void run(ClassLoader loader, Task<E> task) throws E {
        call(loader, () -> {
            task.run();
            return null;
        });
    }
}
