package io.loomicorn.worker;

import io.loomicorn.app.AppAdapter;
import io.loomicorn.app.SettingsView;
import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;

import java.nio.file.Path;
import java.util.List;

/**
 * What an {@link AppAdapter} learns about the application: its loader, class path, settings
 * and the error log (a {@link System.Logger}, which {@code ServerLoggerFinder} routes there).
 */
record AdapterContext(ClassLoader classLoader, List<Path> classpath, SettingsView settings, System.Logger log)
        implements AppAdapter.Context {

    AdapterContext(ClassLoader loader, Config config) {
        this(loader, expand(config.get(Settings.CLASSPATH)), config, System.getLogger("io.loomicorn.app"));
    }

    /** The entries as {@code java -cp} reads them ({@link AppClassPath}), absolute. */
    static List<Path> expand(List<String> entries) {
        return AppClassPath.expand(entries).stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }
}
