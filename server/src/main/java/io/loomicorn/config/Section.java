package io.loomicorn.config;

/**
 * The groups that settings are listed under in {@code --help} and {@code docs/settings.md}.
 *
 * <p>They are gunicorn's sections, so that a gunicorn user finds a setting where they expect
 * it. The declaration order here is the order of the documentation.
 */
public enum Section {
    /** Where the configuration and the application come from. */
    CONFIG_FILE("Config File", "Where the configuration and the application come from."),
    /** The addresses the master listens on. */
    SERVER_SOCKET("Server Socket", "The addresses the master listens on, once, for all workers."),
    /** TLS: certificates, keys, client certificates, protocols and cipher suites. */
    SSL("SSL", "TLS termination: the certificate and key, client certificates, protocol versions and cipher suites."),
    /** How many worker JVMs run, of which kind, and how long they may take. */
    WORKER_PROCESSES("Worker Processes",
            "How many worker JVMs run, of which kind, and how long requests and shutdowns may take."),
    /** Settings that worker classes declare for themselves. */
    WORKER_CLASSES("Worker Classes", "Settings that worker classes declare for themselves (WorkerFactory.settings())."),
    /** Limits that protect the server against oversized or malicious requests. */
    SECURITY("Security", "Limits that protect the server against oversized or malicious requests."),
    /** Settings for development and for checking a configuration. */
    DEBUGGING("Debugging", "Settings for development and for checking a configuration."),
    /** How the master and the worker JVMs are set up. */
    SERVER_MECHANICS("Server Mechanics",
            "How the master and the worker JVMs are set up, and which HTTP leniencies are allowed."),
    /** The error log, the access log and syslog. */
    LOGGING("Logging", "The error log, the access log and syslog."),
    /** The master's admin endpoint and control socket. */
    CONTROL("Control", "The master's admin endpoint (health, metrics, status) and control socket (loomicorn ctl)."),
    /** The name the server uses for itself. */
    PROCESS_NAMING("Process Naming", "The name the server uses for itself."),
    /** Callbacks into your code at points of the server's life. */
    SERVER_HOOKS("Server Hooks", "Callbacks into your code at points of the server's life.");

    private final String title;
    private final String blurb;

    Section(String title, String blurb) {
        this.title = title;
        this.blurb = blurb;
    }

    /** Returns the heading, as gunicorn spells it (for example {@code "Server Socket"}). */
    public String title() {
        return title;
    }

    /** Returns one sentence saying what the section is about. */
    public String blurb() {
        return blurb;
    }
}
