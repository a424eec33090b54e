package io.loomicorn.master;

import io.loomicorn.app.App;
import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.hooks.Hooks;
import io.loomicorn.worker.AppClassPath;
import io.loomicorn.worker.HooksLoader;
import io.loomicorn.internal.Posix;
import io.loomicorn.logging.ServerLog;
import io.loomicorn.spi.WorkerFactory;
import io.loomicorn.config.ConfigException;
import io.loomicorn.tls.ServerTls;
import io.loomicorn.worker.WorkerClasses;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the master resolves from the settings before it spawns anything, so that a bad
 * setting fails in one line at start (or, on HUP, leaves the running server alone): the
 * TLS certificate and key, the worker class, the hooks, the user to run workers as, the
 * pid file, the listeners, and with {@code preload_app} a first load of the application.
 */
final class MasterSetup {

    /** A start-up failure with its exit code and one-line message. */
    static final class SetupException extends Exception {
        private final int exitCode;

        SetupException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    private final Config config;
    private final Map<String, String> env;
    private final WorkerFactory factory;
    private final Hooks hooks;
    private final int[] identity;
    private final Pidfile pidfile;

    private MasterSetup(Config config, Map<String, String> env, WorkerFactory factory,
                        Hooks hooks, int[] identity, Pidfile pidfile) {
        this.config = config;
        this.env = env;
        this.factory = factory;
        this.hooks = hooks;
        this.identity = identity;
        this.pidfile = pidfile;
    }

    static MasterSetup prepare(Config config, Map<String, String> env) throws SetupException {
        try {
            ServerTls.check(config, env).ifPresent(tls -> ServerLog.ERROR.info("TLS certificate: {}", tls.describe()));
        } catch (ConfigException e) {
            throw new SetupException(e.getMessage(), 1);
        }
        ClassLoader loader = appClassLoader(config);
        WorkerFactory factory;
        Hooks hooks;
        try {
            factory = WorkerClasses.find(config.get(Settings.WORKER_CLASS), loader);
            hooks = HooksLoader.load(config.get(Settings.HOOKS), loader);
        } catch (IllegalArgumentException e) {
            throw new SetupException(e.getMessage(), 1);
        }
        int[] identity = identity(config);
        Pidfile pidfile = null;
        Optional<String> pidPath = config.get(Settings.PIDFILE);
        if (pidPath.isPresent()) {
            pidfile = new Pidfile(Path.of(pidPath.get()));
            try {
                pidfile.checkNotRunning();
            } catch (IOException e) {
                throw new SetupException(e.getMessage(), 1);
            }
        }
        return new MasterSetup(config, env, factory, hooks, identity, pidfile);
    }

    WorkerFactory factory() {
        return factory;
    }

    Hooks hooks() {
        return hooks;
    }

    int[] identity() {
        return identity;
    }

    Pidfile pidfile() {
        return pidfile;
    }

    /** Binds {@code bind} (or takes systemd's sockets instead), then {@code insecure_bind}. */
    List<BoundListener> bind() throws IOException {
        ListenerBinder binder = new ListenerBinder(config.get(Settings.BACKLOG), config.get(Settings.UMASK),
                config.get(Settings.REUSE_PORT));
        List<BoundListener> all = new ArrayList<>(binder.bindAll(config.get(Settings.BIND), env));
        try {
            for (BoundListener l : binder.bindAll(config.get(Settings.INSECURE_BIND), Map.of())) {
                all.add(l.asInsecure());
            }
        } catch (IOException | RuntimeException e) {
            all.forEach(BoundListener::close);
            throw e;
        }
        return all;
    }

    /**
     * With {@code preload_app}, loads the application once before any worker starts, so that
     * an error stops the start. It loads in a JVM set up as a worker is ({@link AppCheck}), so
     * with the environment ({@code raw_env}) and directory the workers get.
     *
     * @param spawner the spawner, set up with the worker class
     * @throws SetupException with exit code 3 when the application cannot load
     */
    void preload(WorkerSpawner spawner) throws SetupException {
        if (!config.get(Settings.PRELOAD_APP)) {
            return;
        }
        AppCheck.Verdict verdict;
        try {
            verdict = AppCheck.run(spawner, config, identity);
        } catch (IOException e) {
            throw new SetupException("Error: could not start a JVM to preload the application: " + e.getMessage(), 1);
        }
        if (!verdict.loaded()) {
            throw new SetupException("Error: " + verdict.explained(), Arbiter.EXIT_BOOT_FAILURE);
        }
        ServerLog.ERROR.info("Preloaded {}", config.app());
    }

    static String version() {
        String v = MasterSetup.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /**
     * The application's class path on top of Loomicorn's own, for hooks and worker classes:
     * the entries a worker gets, by the same rule ({@link AppClassPath}).
     */
    private static ClassLoader appClassLoader(Config config) throws SetupException {
        try {
            return AppClassPath.loader(config.get(Settings.CLASSPATH), MasterSetup.class.getClassLoader());
        } catch (IllegalArgumentException e) {
            throw new SetupException(e.getMessage(), 1);
        }
    }

    /** Resolves {@code user} and {@code group} to ids; switching needs a root master. */
    private static int[] identity(Config config) throws SetupException {
        Optional<String> user = config.get(Settings.USER);
        Optional<String> group = config.get(Settings.GROUP);
        if (user.isEmpty() && group.isEmpty()) {
            return null;
        }
        int uid;
        int gid;
        if (user.isPresent()) {
            int[] u = lookupUser(user.get());
            uid = u[0];
            gid = u[1];
        } else {
            uid = Posix.getuid();
            gid = -1;
        }
        if (group.isPresent()) {
            gid = lookupGroup(group.get());
        } else if (gid < 0) {
            throw new SetupException("Error: group is set without user; set user too", 1);
        }
        if (Posix.getuid() != 0 && uid != Posix.getuid()) {
            throw new SetupException("Error: user=" + user.orElse("") + " needs the master to run as root"
                    + " (it runs as uid " + Posix.getuid() + ")", 1);
        }
        return new int[] {uid, gid};
    }

    private static int[] lookupUser(String user) throws SetupException {
        if (user.chars().allMatch(Character::isDigit)) {
            int uid = Integer.parseInt(user);
            return new int[] {uid, uid};
        }
        int[] u = Posix.user(user);
        if (u == null) {
            throw new SetupException("Error: invalid value for user: '" + user + "': no such user", 1);
        }
        return u;
    }

    private static int lookupGroup(String group) throws SetupException {
        if (group.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(group);
        }
        int gid = Posix.group(group);
        if (gid < 0) {
            throw new SetupException("Error: invalid value for group: '" + group + "': no such group", 1);
        }
        return gid;
    }
}
