package io.loomicorn.linkage;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks, before a worker loads the application, that every class the application's own
 * code names can be found, so that a deploy whose handler needs a class that is not on
 * the class path fails to boot (and the previous workers keep serving) instead of booting
 * and answering every request with a 500 {@code NoClassDefFoundError}: the JVM links
 * lazily, so nothing else notices before the first request.
 *
 * <h2>What is checked</h2>
 * <p><b>The application's own code</b> is what lives in the entries of the {@code classpath}
 * setting that are class folders, and in the jar of that setting that holds the
 * application class. Other jars are dependencies: their classes are looked up (they must
 * exist if the application's code names them) but never read. Libraries routinely name
 * optional classes that they probe for before use (log4j's and SLF4J's backends, Spring
 * Boot's auto-configuration names hundreds of absent classes by design), so reading them
 * would refuse working deploys.
 *
 * <p>With {@link Scope#REACHABLE} (the default) the check starts at the application
 * class and follows what it names through the application's own code, so that classes
 * which share a folder with the application but are never used by it (tests, tools) do
 * not count. Code that is reached only by reflection (component scanning) is not
 * followed; {@link Scope#ALL} reads every class of the application's own entries.
 *
 * <p>Only classes are checked, not the methods and fields used in them (a dependency of
 * another version still fails with {@code NoSuchMethodError}), nor classes loaded by name.
 *
 * <p>Classes are looked up as resources ({@link ClassResolver}): nothing is loaded,
 * linked or initialised. The report names the first missing class in a fixed order (by
 * the referring class's name, then the missing class's name), so the same deploy always
 * gives the same line.
 */
public final class LinkageCheck {

    /** Which of the application's own classes are read. */
    public enum Scope {
        /** The application class and the own classes it names, transitively. */
        REACHABLE,
        /** Every class in the application's own class path entries. */
        ALL
    }

    /**
     * What a check found.
     *
     * @param missing     the missing classes with their referrers, in report order
     * @param classesRead how many of the application's class files were read
     * @param lookups     how many other class names were looked up
     * @param nanos       how long the check took
     */
    public record Report(List<MissingClass> missing, int classesRead, int lookups, long nanos) {

        /** Returns the one line for a failed check, or empty when every class was found. */
        public Optional<String> problem() {
            if (missing.isEmpty()) {
                return Optional.empty();
            }
            long others = missing.stream().map(MissingClass::missing).distinct().count() - 1;
            return Optional.of(missing.getFirst().describe()
                    + (others == 0 ? "" : "; " + others + " more missing " + (others == 1 ? "class" : "classes")));
        }
    }

    private final List<ClassRoot> roots;
    private final ClassResolver resolver;
    private final Map<String, ClassRoot> owner = new HashMap<>();
    private final Set<String> notOwn = new HashSet<>();

    private LinkageCheck(List<ClassRoot> roots, ClassLoader loader) {
        this.roots = roots;
        this.resolver = new ClassResolver(loader);
    }

    /**
     * Runs the check.
     *
     * @param appClass  the application class's binary name ({@code com.acme.Main})
     * @param classpath the {@code classpath} setting's entries ({@code dir/*} allowed),
     *                  relative ones against the working directory as the JVM resolves them
     * @param loader    the class loader that will load the application
     * @param scope     which of the application's classes to read
     * @return what was found
     * @throws IOException if an entry of the application's own cannot be read
     */
    public static Report run(String appClass, List<String> classpath, ClassLoader loader, Scope scope)
            throws IOException {
        String app = appClass.replace('.', '/');
        return check(app, ownEntries(app, classpath, loader), loader, scope);
    }

    /**
     * Runs the check over given entries of the application's own.
     *
     * @param app    the application class's internal name ({@code com/acme/Main})
     * @param own    the application's own class folders and jars
     * @param loader the class loader that will load the application
     * @param scope  which classes of {@code own} to read
     * @return what was found
     * @throws IOException if an entry cannot be read
     */
    static Report check(String app, List<Path> own, ClassLoader loader, Scope scope) throws IOException {
        long start = System.nanoTime();
        List<ClassRoot> roots = new ArrayList<>();
        try {
            for (Path p : own) {
                roots.add(ClassRoot.open(p));
            }
            return new LinkageCheck(roots, loader).check(app, scope, start);
        } finally {
            roots.forEach(ClassRoot::close);
        }
    }

    private Report check(String app, Scope scope, long start) throws IOException {
        Deque<String> queue = new ArrayDeque<>();
        Set<String> queued = new HashSet<>();
        if (scope == Scope.ALL) {
            for (ClassRoot root : roots) {
                for (String name : root.classNames()) {
                    if (queued.add(name)) {
                        queue.add(name);
                    }
                }
            }
        } else if (ownerOf(app) != null) {
            queued.add(app);
            queue.add(app);
        }
        List<MissingClass> missing = new ArrayList<>();
        int read = 0;
        for (String name; (name = queue.poll()) != null; ) {
            ClassRoot root = ownerOf(name);
            byte[] bytes = root.read(name);
            if (bytes == null) {
                continue; // deleted while we looked
            }
            Set<String> names;
            try {
                names = ClassReferences.of(bytes);
            } catch (IllegalArgumentException e) {
                continue; // not a class file this JDK reads; loading it would fail on its own terms
            }
            read++;
            for (String ref : names) {
                if (ownerOf(ref) != null) {
                    if (scope == Scope.REACHABLE && queued.add(ref)) {
                        queue.add(ref);
                    }
                } else if (!resolver.exists(ref)) {
                    missing.add(new MissingClass(ref.replace('/', '.'), name.replace('/', '.'), root.path()));
                }
            }
        }
        missing.sort(Comparator.comparing(MissingClass::referrer).thenComparing(MissingClass::missing));
        return new Report(List.copyOf(missing), read, resolver.lookups(), System.nanoTime() - start);
    }

    /** The entry of the application's own that holds a class, or null. */
    private ClassRoot ownerOf(String name) throws IOException {
        ClassRoot known = owner.get(name);
        if (known != null || notOwn.contains(name)) {
            return known;
        }
        for (ClassRoot root : roots) {
            if (root.contains(name)) {
                owner.put(name, root);
                return root;
            }
        }
        notOwn.add(name);
        return null;
    }

    /**
     * The application's own entries, in class path order: the class folders of the
     * {@code classpath} setting, and its jar that holds the application class.
     */
    static List<Path> ownEntries(String app, List<String> classpath, ClassLoader loader) {
        Path appRoot = locate(app, loader);
        List<Path> own = new ArrayList<>();
        for (Path entry : expand(classpath)) {
            if ((Files.isDirectory(entry) || entry.equals(appRoot)) && !own.contains(entry)) {
                own.add(entry);
            }
        }
        return own;
    }

    /** The class path entry from which {@code loader} would load a class, or null. */
    static Path locate(String name, ClassLoader loader) {
        URL url = loader.getResource(name + ".class");
        if (url == null) {
            return null;
        }
        try {
            switch (url.getProtocol()) {
                case "file" -> {
                    Path p = Path.of(url.toURI());
                    for (int i = 0; i <= name.chars().filter(c -> c == '/').count(); i++) {
                        p = p.getParent();
                    }
                    return real(p);
                }
                case "jar" -> {
                    String s = url.toString();
                    return real(Path.of(new URI(s.substring("jar:".length(), s.lastIndexOf("!/")))));
                }
                default -> {
                    return null; // the JDK's own (jrt:) or a loader of the application's making
                }
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    /** The setting's entries as the java launcher reads them: {@code dir/*} is every jar in {@code dir}. */
    static List<Path> expand(List<String> classpath) {
        List<Path> paths = new ArrayList<>();
        for (String entry : classpath) {
            if (entry.equals("*") || entry.endsWith("/*")) {
                Path dir = Path.of(entry.substring(0, entry.length() - 1));
                try (Stream<Path> files = Files.list(dir)) {
                    new TreeSet<>(files.filter(f -> f.toString().endsWith(".jar") || f.toString().endsWith(".JAR"))
                            .toList()).forEach(f -> paths.add(real(f)));
                } catch (IOException e) {
                    // the launcher skips what it cannot list, and so do we
                }
            } else if (!entry.isEmpty()) {
                paths.add(real(Path.of(entry)));
            }
        }
        return paths;
    }

    /** The real path, as the JDK's class path loader records its entries; the absolute one if it does not exist. */
    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
