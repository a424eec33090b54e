package io.loomicorn.linkage;

import java.util.HashMap;
import java.util.Map;

/**
 * Tells whether a class exists for a class loader without loading it: a lookup of its
 * class file as a resource, which finds what {@code loadClass} would find (the JDK's
 * modules through the parent loaders, then the class path) and defines and initialises
 * nothing. Answers are remembered.
 */
final class ClassResolver {

    private final ClassLoader loader;
    private final Map<String, Boolean> known = new HashMap<>();

    ClassResolver(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * @param name an internal name, {@code a/b/C}
     * @return whether the class loader can find it
     */
    boolean exists(String name) {
        return known.computeIfAbsent(name, n -> loader.getResource(n + ".class") != null);
    }

    /** Returns how many distinct names were looked up. */
    int lookups() {
        return known.size();
    }
}
