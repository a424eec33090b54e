package io.loomicorn.worker;

import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.linkage.LinkageCheck;
import io.loomicorn.linkage.MissingClass;
import io.loomicorn.logging.ServerLog;

import java.io.IOException;

/**
 * The boot step {@code linkage_check}: runs {@link LinkageCheck} for the application the
 * settings name, before the worker loads it.
 */
final class LinkageStep {

    /** At most this many missing references are listed at debug level, per worker. */
    private static final int DEBUG_LINES = 100;

    private LinkageStep() {
    }

    /**
     * Checks the application's linkage.
     *
     * @param config the settings
     * @param loader the class loader of the application
     * @return the one-line reason why the application cannot link, or null if it can (or
     *         the check is off, or could not read the application's code)
     */
    static String check(Config config, ClassLoader loader) {
        String mode = config.get(Settings.LINKAGE_CHECK);
        if (mode.equals("off")) {
            return null;
        }
        String app = config.app().strip();
        String appClass = app.indexOf(':') < 0 ? app : app.substring(0, app.indexOf(':'));
        LinkageCheck.Scope scope = mode.equals("all") ? LinkageCheck.Scope.ALL : LinkageCheck.Scope.REACHABLE;
        LinkageCheck.Report report;
        try {
            report = LinkageCheck.run(appClass, config.get(Settings.CLASSPATH), loader, scope);
        } catch (IOException | RuntimeException e) {
            ServerLog.ERROR.warn("Linkage check skipped: the application's code could not be read: {}", e.toString());
            return null;
        }
        ServerLog.ERROR.debug("Linkage check ({}): {} classes read, {} other classes looked up, {} missing, {} ms",
                mode, report.classesRead(), report.lookups(), report.missing().size(), report.nanos() / 1_000_000);
        for (MissingClass m : report.missing().subList(0, Math.min(report.missing().size(), DEBUG_LINES))) {
            ServerLog.ERROR.debug("Linkage check: {}", m.describe());
        }
        if (report.missing().size() > DEBUG_LINES) {
            ServerLog.ERROR.debug("Linkage check: {} more references to missing classes",
                    report.missing().size() - DEBUG_LINES);
        }
        return report.problem().orElse(null);
    }
}
