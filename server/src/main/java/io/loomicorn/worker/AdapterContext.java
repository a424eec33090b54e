package io.loomicorn.worker;

import io.loomicorn.app.AppAdapter;
import io.loomicorn.app.SettingsView;
import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.logging.ErrorLogBridge;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What an {@link AppAdapter} learns about the application: its loader, class path, settings and the error log. */
record AdapterContext(ClassLoader classLoader, List<Path> classpath, SettingsView settings, System.Logger log)
        implements AppAdapter.Context {

    AdapterContext(ClassLoader loader, Config config) {
        this(loader, expand(config.get(Settings.CLASSPATH)), config, ErrorLogBridge.INSTANCE);
    }

    /** The entries as {@code java -cp} reads them: relative to the working directory, {@code dir/*} as its jars. */
    static List<Path> expand(List<String> entries) {
        List<Path> paths = new ArrayList<>();
        for (String entry : entries) {
            if (entry.equals("*") || entry.endsWith("/*")) {
                Path dir = Path.of(entry.substring(0, entry.length() - 1)).toAbsolutePath().normalize();
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
                    List<Path> found = new ArrayList<>();
                    jars.forEach(found::add);
                    found.sort(null);
                    paths.addAll(found);
                } catch (IOException e) {
                    // java -cp ignores a wildcard over a missing directory; so do we
                }
            } else {
                paths.add(Path.of(entry).toAbsolutePath().normalize());
            }
        }
        return List.copyOf(paths);
    }
}
