package io.loomicorn.servlet.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * What Loomicorn does not deploy, found on the class path or in the application's name: WAR
 * files and {@code WEB-INF/web.xml} descriptors. Each gets one line.
 */
public final class Descriptors {

    private static final String WAR = "WAR files are not supported: unpack the application, put its jars and "
            + "classes on --classpath and name its servlet or ServletContainerInitializer class (docs/servlet.md)";
    private static final String WEB_XML = "is not read: Loomicorn reads no web.xml; register servlets and "
            + "filters with a ServletContainerInitializer or name a servlet class (docs/servlet.md)";

    private Descriptors() {
    }

    /**
     * Explains why an application name cannot be served, when a WAR or web.xml is why.
     *
     * @param name      the name as given
     * @param classpath the application's class path entries
     * @return the line, or empty
     */
    public static Optional<String> explain(String name, List<Path> classpath) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".war")) {
            return Optional.of(name + ": " + WAR);
        }
        if (lower.endsWith("web.xml")) {
            return Optional.of(name + " " + WEB_XML);
        }
        for (Path entry : classpath) {
            if (entry.toString().toLowerCase(Locale.ROOT).endsWith(".war")) {
                return Optional.of(entry + ": " + WAR);
            }
        }
        return webXml(classpath).map(p -> p + " " + WEB_XML);
    }

    /** Finds a {@code WEB-INF/web.xml} in a class path entry. */
    static Optional<String> webXml(List<Path> classpath) {
        for (Path entry : classpath) {
            if (Files.isDirectory(entry)) {
                Path xml = entry.resolve("WEB-INF/web.xml");
                if (Files.isRegularFile(xml)) {
                    return Optional.of(xml.toString());
                }
            } else if (Files.isRegularFile(entry)) {
                try (JarFile jar = new JarFile(entry.toFile())) {
                    if (jar.getEntry("WEB-INF/web.xml") != null) {
                        return Optional.of(entry + "!/WEB-INF/web.xml");
                    }
                } catch (IOException e) {
                    // not a jar
                }
            }
        }
        return Optional.empty();
    }
}
