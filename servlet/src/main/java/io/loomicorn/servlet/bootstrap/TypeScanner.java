package io.loomicorn.servlet.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.Annotation;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.attribute.RuntimeVisibleAnnotationsAttribute;
import java.lang.classfile.constantpool.ClassEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the classes that {@code @HandlesTypes} asks for (Servlet 6.1 §8.2.4) in the
 * application's own class path entries, by reading class files with the JDK's class-file
 * API ({@code java.lang.classfile}): no class is loaded or initialised to decide.
 *
 * <p>A class matches a handled type when the type is among its superclasses or
 * interfaces, transitively, or annotates it. Supertypes found in the scanned entries are
 * followed through their class files; a supertype outside them (a library on Loomicorn's
 * own class path, the JDK) is loaded without initialisation to ask the runtime.
 */
final class TypeScanner {

    /** What the class file says about one class. */
    private record Info(String superName, List<String> interfaces, List<String> annotations) {
    }

    private final Map<String, Info> classes = new HashMap<>();
    private final ClassLoader loader;
    private final Map<String, Set<String>> outsideSupertypes = new HashMap<>();

    private TypeScanner(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * Reads every class of the entries.
     *
     * @param entries jars and class directories
     * @param loader  the application's loader, for supertypes outside the entries
     * @return the scanner
     */
    static TypeScanner scan(List<Path> entries, ClassLoader loader) {
        TypeScanner s = new TypeScanner(loader);
        for (Path entry : entries) {
            try {
                if (Files.isDirectory(entry)) {
                    try (Stream<Path> files = Files.walk(entry)) {
                        for (Path f : (Iterable<Path>) files::iterator) {
                            if (f.toString().endsWith(".class")) {
                                s.read(Files.readAllBytes(f));
                            }
                        }
                    }
                } else if (Files.isRegularFile(entry)) {
                    try (JarFile jar = new JarFile(entry.toFile())) {
                        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                            JarEntry je = e.nextElement();
                            String name = je.getName();
                            if (name.endsWith(".class") && !name.startsWith("META-INF/")
                                    && !name.endsWith("module-info.class")) {
                                try (InputStream in = jar.getInputStream(je)) {
                                    s.read(in.readAllBytes());
                                }
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // An unreadable entry contributes no classes, as the JVM would not load from it either.
            }
        }
        return s;
    }

    private void read(byte[] bytes) {
        ClassModel model;
        try {
            model = ClassFile.of().parse(bytes);
        } catch (IllegalArgumentException e) {
            return; // not a class file this JDK reads
        }
        String name = model.thisClass().asInternalName().replace('/', '.');
        String superName = model.superclass().map(c -> c.asInternalName().replace('/', '.')).orElse(null);
        List<String> interfaces = new ArrayList<>();
        for (ClassEntry i : model.interfaces()) {
            interfaces.add(i.asInternalName().replace('/', '.'));
        }
        List<String> annotations = new ArrayList<>();
        model.findAttribute(Attributes.runtimeVisibleAnnotations()).ifPresent((RuntimeVisibleAnnotationsAttribute a) -> {
            for (Annotation an : a.annotations()) {
                String desc = an.className().stringValue();
                annotations.add(desc.substring(1, desc.length() - 1).replace('/', '.'));
            }
        });
        classes.putIfAbsent(name, new Info(superName, interfaces, annotations));
    }

    /** Returns how many classes were read. */
    int size() {
        return classes.size();
    }

    /**
     * Returns the names of the scanned classes that extend, implement or are annotated with
     * one of the types.
     *
     * @param types the handled types
     * @return the class names, in no particular order, without the types themselves
     */
    Set<String> matching(Set<Class<?>> types) {
        Set<String> wanted = new HashSet<>();
        Set<String> annotations = new HashSet<>();
        for (Class<?> t : types) {
            (t.isAnnotation() ? annotations : wanted).add(t.getName());
        }
        Set<String> found = new LinkedHashSet<>();
        for (Map.Entry<String, Info> e : classes.entrySet()) {
            String name = e.getKey();
            if (types.stream().anyMatch(t -> t.getName().equals(name))) {
                continue;
            }
            Info info = e.getValue();
            if (info.annotations().stream().anyMatch(annotations::contains)
                    || !wanted.isEmpty() && supertypes(name).stream().anyMatch(wanted::contains)) {
                found.add(name);
            }
        }
        return found;
    }

    /** Every supertype name of a scanned class, following class files, then the runtime. */
    private Set<String> supertypes(String name) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        Info start = classes.get(name);
        push(todo, start);
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (!seen.add(n)) {
                continue;
            }
            Info info = classes.get(n);
            if (info != null) {
                push(todo, info);
            } else if (!n.equals("java.lang.Object")) {
                seen.addAll(outside(n));
            }
        }
        return seen;
    }

    private static void push(Deque<String> todo, Info info) {
        if (info.superName() != null) {
            todo.push(info.superName());
        }
        info.interfaces().forEach(todo::push);
    }

    /** The supertypes of a class outside the scanned entries, asked of the runtime without initialising it. */
    private Set<String> outside(String name) {
        return outsideSupertypes.computeIfAbsent(name, n -> {
            Set<String> names = new HashSet<>();
            if (n.startsWith("java.")) {
                return names;
            }
            try {
                Class<?> c = Class.forName(n, false, loader);
                Deque<Class<?>> todo = new ArrayDeque<>();
                todo.push(c);
                while (!todo.isEmpty()) {
                    Class<?> x = todo.pop();
                    if (names.add(x.getName())) {
                        if (x.getSuperclass() != null) {
                            todo.push(x.getSuperclass());
                        }
                        for (Class<?> i : x.getInterfaces()) {
                            todo.push(i);
                        }
                    }
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // a missing supertype: the class could not load anyway
            }
            return names;
        });
    }
}
