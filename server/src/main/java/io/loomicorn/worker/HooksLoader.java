package io.loomicorn.worker;

import io.loomicorn.hooks.Hooks;

import java.util.Optional;

/** Instantiates the class that the {@code hooks} setting names. */
public final class HooksLoader {

    /** The hooks used when none are configured. */
    public static final Hooks NONE = new Hooks() {
    };

    private HooksLoader() {
    }

    /**
     * Creates the configured hooks.
     *
     * @param className the {@code hooks} setting
     * @param loader    the application's class loader
     * @return the hooks, or {@link #NONE}
     * @throws IllegalArgumentException with one line when the class cannot be used
     */
    public static Hooks load(Optional<String> className, ClassLoader loader) {
        if (className.isEmpty()) {
            return NONE;
        }
        String name = className.get();
        try {
            Class<?> type = Class.forName(name, true, loader);
            if (!Hooks.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException("Error: hooks class " + name + " does not implement " + Hooks.class.getName());
            }
            return (Hooks) type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("Error: hooks class " + name + " was not found on the classpath");
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("Error: hooks class " + name + " has no public no-argument constructor");
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalArgumentException("Error: creating hooks " + name + " failed: " + cause);
        }
    }
}
