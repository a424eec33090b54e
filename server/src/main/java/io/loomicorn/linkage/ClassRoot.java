package io.loomicorn.linkage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * One of the application's own class path entries, a class folder or a jar, read as the
 * class loader reads it (a multi-release jar shows this JDK's versions of its classes).
 */
sealed interface ClassRoot extends AutoCloseable {

    /** Returns where the classes live. */
    Path path();

    /** Tells whether this entry holds the class of an internal name ({@code a/b/C}). */
    boolean contains(String name);

    /**
     * Returns the class file of an internal name ({@code a/b/C}), or null if this entry has none.
     *
     * @throws IOException if the entry cannot be read
     */
    byte[] read(String name) throws IOException;

    /** Returns the internal names of every class in this entry, sorted ({@code module-info} left out). */
    List<String> classNames() throws IOException;

    @Override
    void close();

    /**
     * Opens an entry.
     *
     * @param path a class folder or a jar
     * @return the entry
     * @throws IOException if a jar cannot be opened
     */
    static ClassRoot open(Path path) throws IOException {
        return Files.isDirectory(path) ? new Folder(path) : new Jar(path, new JarFile(path.toFile(), false,
                ZipFile.OPEN_READ, Runtime.version()));
    }

    /** A class folder. */
    record Folder(Path path) implements ClassRoot {

        @Override
        public boolean contains(String name) {
            try {
                return Files.isRegularFile(path.resolve(name + ".class"));
            } catch (InvalidPathException e) {
                return false;
            }
        }

        @Override
        public byte[] read(String name) throws IOException {
            try {
                return Files.readAllBytes(path.resolve(name + ".class"));
            } catch (NoSuchFileException | InvalidPathException e) {
                return null;
            }
        }

        @Override
        public List<String> classNames() throws IOException {
            try (Stream<Path> files = Files.walk(path)) {
                return files.filter(f -> f.toString().endsWith(".class") && Files.isRegularFile(f))
                        .map(f -> path.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/"))
                        .map(ClassRoot::internalName)
                        .filter(n -> n != null)
                        .sorted()
                        .toList();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }

        @Override
        public void close() {
        }
    }

    /** A jar, opened for this JDK's release. */
    record Jar(Path path, JarFile jar) implements ClassRoot {

        @Override
        public boolean contains(String name) {
            return jar.getJarEntry(name + ".class") != null;
        }

        @Override
        public byte[] read(String name) throws IOException {
            JarEntry entry = jar.getJarEntry(name + ".class");
            if (entry == null) {
                return null;
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }

        @Override
        public List<String> classNames() {
            try (Stream<JarEntry> entries = jar.versionedStream()) {
                return entries.map(JarEntry::getName)
                        .map(ClassRoot::internalName)
                        .filter(n -> n != null)
                        .sorted()
                        .toList();
            }
        }

        @Override
        public void close() {
            try {
                jar.close();
            } catch (IOException e) {
                // read-only; nothing to lose
            }
        }
    }

    /** {@code a/b/C.class} to {@code a/b/C}; null for what is not a class of the entry's own. */
    private static String internalName(String file) {
        if (!file.endsWith(".class") || file.startsWith("META-INF/")) {
            return null;
        }
        String name = file.substring(0, file.length() - ".class".length());
        return name.equals("module-info") || name.endsWith("/module-info") ? null : name;
    }
}
