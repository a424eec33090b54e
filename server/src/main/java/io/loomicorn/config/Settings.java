package io.loomicorn.config;

import io.loomicorn.spi.WorkerSetting;

import static io.loomicorn.config.Section.CONFIG_FILE;
import static io.loomicorn.config.Section.CONTROL;
import static io.loomicorn.config.Section.DEBUGGING;
import static io.loomicorn.config.Section.LOGGING;
import static io.loomicorn.config.Section.PROCESS_NAMING;
import static io.loomicorn.config.Section.SECURITY;
import static io.loomicorn.config.Section.SERVER_HOOKS;
import static io.loomicorn.config.Section.SERVER_MECHANICS;
import static io.loomicorn.config.Section.SERVER_SOCKET;
import static io.loomicorn.config.Section.SSL;
import static io.loomicorn.config.Section.WORKER_PROCESSES;

import io.loomicorn.proxy.ProxySettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry: every setting Loomicorn has, each declared once as a constant.
 *
 * <p>The declaration order is the documentation order ({@code --help},
 * {@code docs/settings.md}, {@code --print-config}); sections appear in the order of
 * {@link Section}. Names and flags follow gunicorn wherever they make sense on the JVM. The
 * set is closed but for the settings worker classes declare ({@link #registerWorkerSettings}):
 * a key or flag that is declared nowhere is an error, with a suggestion.
 *
 * <p>This file is long because it is the one place that lists everything; each entry is
 * plain data.
 */
public final class Settings {

    // Declared first: the constants below register themselves in it as they are initialized.
    private static final List<Setting<?>> ALL = new ArrayList<>();

    private Settings() {
    }

    // ================================================================== Config File

    /** The HOCON config file to read. */
    public static final Setting<Optional<String>> CONFIG = register(
            Setting.builder("config", ValueParsers.optional(ValueParsers.text("FILE", "expected a file path", false)))
                    .flags("-c", "--config").section(CONFIG_FILE)
                    .defaultValue(Optional.empty()).defaultText("./loomicorn.conf, if it exists")
                    .summary("The HOCON config file to read.")
                    .description("""
                            The HOCON config file to read. Without this flag, Loomicorn reads \
                            `loomicorn.conf` in the current directory if that file exists, and \
                            runs on defaults otherwise. A file named with `-c` must exist. The \
                            flag is also honoured inside `LOOMICORN_CMD_ARGS`; the command line \
                            wins over it.

                            Each key of the file is a setting name (for example \
                            `max_requests = 1000`); an unknown key is an error. HOCON \
                            substitutions such as `workers = ${?WEB_CONCURRENCY}` read the \
                            environment. This key cannot be set inside a config file; after \
                            loading, it holds the absolute path of the file that was read.""")
                    .build());

    /** The application to run, when no APP argument is given. */
    public static final Setting<Optional<String>> WSGI_APP = register(
            Setting.builder("wsgi_app", ValueParsers.optional(ValueParsers.application()))
                    .section(CONFIG_FILE).defaultValue(Optional.empty())
                    .summary("The application to run when the command line gives no APP argument.")
                    .description("""
                            The application to run when the command line gives no APP argument \
                            (the positional argument overrides it). Either the name of a class \
                            with a public no-argument constructor that implements \
                            `io.loomicorn.app.App` (`com.acme.HelloApp`), or `CLASS:MEMBER` \
                            naming a public static field or no-argument static method that \
                            yields an `App` (`com.acme.Main:app`). The name keeps gunicorn's \
                            key for familiarity; there is no WSGI on the JVM.""")
                    .build());

    // ================================================================== Server Socket

    /** The addresses to listen on. */
    public static final Setting<List<String>> BIND = register(
            Setting.builder("bind", ValueParsers.repeatable("list of addresses", ValueParsers.bindAddress(), false))
                    .flags("-b", "--bind").section(SERVER_SOCKET)
                    .defaultValue(List.of("127.0.0.1:8000"))
                    .defaultFromEnvironment("PORT", port -> "0.0.0.0:" + port)
                    .defaultText("127.0.0.1:8000, or 0.0.0.0:$PORT when PORT is set")
                    .summary("An address to listen on; repeat the flag to listen on several.")
                    .description("""
                            The addresses the master listens on; every worker accepts \
                            connections from all of them. Forms: `HOST` (port 8000), \
                            `HOST:PORT`, `[IPv6]:PORT`, `tcp://HOST:PORT`, `unix:PATH` or \
                            `unix://PATH` (a Unix domain socket), and `fd://N` (a listening \
                            socket inherited as file descriptor N). Port 0 lets the system \
                            choose.

                            Repeat the flag to listen on several addresses. In the config file \
                            give a list, `bind = ["0.0.0.0:8000", "unix:/run/app.sock"]`. A \
                            source of higher precedence replaces the whole list. When the \
                            environment sets `PORT` (as Heroku-style platforms do), the default \
                            is `0.0.0.0:$PORT`.

                            When `certfile` is set, every `bind` address serves TLS, as in \
                            gunicorn; addresses that must stay plain go in `insecure_bind`.""")
                    .build());

    /** Addresses that stay plain HTTP when certfile turns TLS on. */
    public static final Setting<List<String>> INSECURE_BIND = register(
            Setting.builder("insecure_bind", ValueParsers.repeatable("list of addresses", ValueParsers.bindAddress(), true))
                    .flags("--insecure-bind").section(SERVER_SOCKET).defaultValue(List.of())
                    .defaultText("none")
                    .summary("An address that serves plain HTTP even when certfile is set; repeat for several.")
                    .description("""
                            Addresses that serve plain HTTP even when `certfile` turns TLS on \
                            for the `bind` addresses: for example a Unix socket for a local \
                            proxy, or a port for health checks, as in \
                            `-b 0.0.0.0:8443 --certfile cert.pem --keyfile key.pem \
                            --insecure-bind unix:/run/app.sock`. Same forms as `bind`; repeat \
                            the flag for several, or give a list in the config file. Without \
                            `certfile` they are simply more plain addresses. systemd's \
                            `LISTEN_FDS` replace `bind`, never these. The name and the rule are \
                            Hypercorn's: a certificate turns TLS on, and plain HTTP must be \
                            asked for by name. New in Loomicorn.""")
                    .build());

    /** The listen queue length. */
    public static final Setting<Integer> BACKLOG = register(
            Setting.builder("backlog", ValueParsers.integer("INT", 1, Integer.MAX_VALUE))
                    .flags("--backlog").section(SERVER_SOCKET).defaultValue(2048)
                    .summary("How many connections may wait to be accepted.")
                    .description("""
                            The length of each listening socket's queue of connections that \
                            are established but not yet accepted by a worker. The operating \
                            system may cap it (on Linux at `net.core.somaxconn`). When the \
                            queue is full, new connections are refused or time out.""")
                    .build());

    /** SO_REUSEPORT on the master's TCP listeners. */
    public static final Setting<Boolean> REUSE_PORT = register(
            Setting.builder("reuse_port", ValueParsers.bool())
                    .flags("--reuse-port").section(SERVER_SOCKET).defaultValue(false)
                    .summary("Set SO_REUSEPORT so that several sockets can listen on one port.")
                    .description("""
                            Set `SO_REUSEPORT` on the TCP sockets the master binds, as gunicorn \
                            does. Another process of the same user, such as a second Loomicorn \
                            started during an upgrade, can then bind the same address, and the \
                            kernel spreads new connections across the listening sockets. The \
                            workers still share the master's sockets, so restarting a worker \
                            never drops connections waiting in the queue. Unix sockets and \
                            inherited descriptors (`fd://`, `LISTEN_FDS`) are not affected.""")
                    .build());

    // ================================================================== SSL

    /** The certificate chain; setting it turns TLS on. */
    public static final Setting<Optional<String>> CERTFILE = register(
            Setting.builder("certfile", ValueParsers.optional(ValueParsers.existingFile()))
                    .flags("--certfile").section(SSL).defaultValue(Optional.empty())
                    .defaultText("none (no TLS)")
                    .summary("The server's certificate chain (PEM) or a PKCS#12 keystore; setting it turns TLS on.")
                    .description("""
                            The server's certificate in PEM, as openssl and Let's Encrypt \
                            clients write it: the server's own certificate first, then the \
                            intermediates (`fullchain.pem`). Setting it turns TLS on for every \
                            `bind` address (see `insecure_bind`). The private key is read from \
                            `keyfile`, or from this file when `keyfile` is not set and the file \
                            holds the key too. A PKCS#12 keystore (`.p12`, `.pfx`) holding one \
                            private key and its chain can be given instead of both; its password \
                            comes from `keyfile_password_file` or `keyfile_password_env` (empty \
                            when neither is set).

                            The master reads the files when it starts: a missing or unreadable \
                            file, a key that does not match the certificate or an expired \
                            certificate stops it with one line naming the setting. Each worker \
                            reads them again when it boots, before it switches to `user`, so a \
                            key readable only by root works. To renew a certificate, replace the \
                            files and send HUP: new workers read them while the old ones keep \
                            serving, and a bad new file leaves the old workers serving, with \
                            one line in the log.""")
                    .build());

    /** The private key of certfile. */
    public static final Setting<Optional<String>> KEYFILE = register(
            Setting.builder("keyfile", ValueParsers.optional(ValueParsers.existingFile()))
                    .flags("--keyfile").section(SSL).defaultValue(Optional.empty())
                    .defaultText("none (the key is in certfile)")
                    .summary("The private key (PEM) of certfile.")
                    .description("""
                            The private key of `certfile`, in PEM: PKCS#8 (`BEGIN PRIVATE \
                            KEY`), PKCS#1 RSA (`BEGIN RSA PRIVATE KEY`), SEC1 EC (`BEGIN EC \
                            PRIVATE KEY`), or encrypted PKCS#8 (`BEGIN ENCRYPTED PRIVATE KEY`), \
                            whose password comes from `keyfile_password_file` or \
                            `keyfile_password_env`. RSA, EC and Ed25519 keys work. OpenSSL's \
                            older encrypted form (`Proc-Type: 4,ENCRYPTED`) is refused with the \
                            `openssl pkcs8` command that converts it.""")
                    .build());

    /** A file holding the key's password. */
    public static final Setting<Optional<String>> KEYFILE_PASSWORD_FILE = register(
            Setting.builder("keyfile_password_file", ValueParsers.optional(ValueParsers.existingFile()))
                    .flags("--keyfile-password-file").section(SSL).defaultValue(Optional.empty())
                    .summary("A file holding the password of an encrypted keyfile or of a PKCS#12 certfile.")
                    .description("""
                            A file whose content is the password of an encrypted `keyfile` (or \
                            of a PKCS#12 `certfile`), such as a container secret \
                            (`/run/secrets/tls-key-password`); one trailing line break is \
                            ignored. The password itself is never a setting: settings can end \
                            up on a command line, in `ps`, in `--print-config` and in what the \
                            master hands to its workers. Set this or `keyfile_password_env`, \
                            not both. New in Loomicorn.""")
                    .build());

    /** The environment variable holding the key's password. */
    public static final Setting<Optional<String>> KEYFILE_PASSWORD_ENV = register(
            Setting.builder("keyfile_password_env", ValueParsers.optional(ValueParsers.environmentName()))
                    .flags("--keyfile-password-env").section(SSL).defaultValue(Optional.empty())
                    .summary("The environment variable that holds the password of an encrypted keyfile or PKCS#12 certfile.")
                    .description("""
                            The name (not the value) of an environment variable that holds the \
                            password of an encrypted `keyfile` (or of a PKCS#12 `certfile`), \
                            for example `TLS_KEY_PASSWORD`. Workers inherit the master's \
                            environment and read it too. Set this or \
                            `keyfile_password_file`, not both. New in Loomicorn.""")
                    .build());

    /** CA certificates for client certificates. */
    public static final Setting<Optional<String>> CA_CERTS = register(
            Setting.builder("ca_certs", ValueParsers.optional(ValueParsers.existingFile()))
                    .flags("--ca-certs").section(SSL).defaultValue(Optional.empty())
                    .summary("The CA certificates (PEM) that client certificates must chain to (mutual TLS).")
                    .description("""
                            The certificate authorities, in PEM, that client certificates must \
                            chain to when `cert_reqs` is `optional` or `required` (mutual TLS). \
                            The application sees the client's verified chain with \
                            `Request.tls()`. Setting it while `cert_reqs` is `none` is an error \
                            (gunicorn ignores it), because it would look like client \
                            authentication without being any.""")
                    .build());

    /** Client certificate policy. */
    public static final Setting<String> CERT_REQS = register(
            Setting.builder("cert_reqs", ValueParsers.certReqs())
                    .flags("--cert-reqs").section(SSL).defaultValue("none")
                    .summary("Whether clients must present a certificate: none, optional or required.")
                    .description("""
                            Whether the server asks clients for a certificate, verified against \
                            `ca_certs`: `none` does not ask; `optional` asks, accepts a client \
                            that sends none, and refuses one whose certificate does not verify; \
                            `required` refuses every client without a valid certificate. \
                            gunicorn's numbers `0`, `1` and `2` mean the same.""")
                    .build());

    /** Allowed cipher suites. */
    public static final Setting<Optional<String>> CIPHERS = register(
            Setting.builder("ciphers", ValueParsers.optional(ValueParsers.cipherList()))
                    .flags("--ciphers").section(SSL).defaultValue(Optional.empty())
                    .defaultText("the JDK's enabled suites")
                    .summary("The cipher suites to allow, by name, separated by ':'.")
                    .description("""
                            The cipher suites to allow, in order of preference (the server's \
                            order wins), separated by `:` or `,`. Each is an IANA name as the \
                            JDK spells it (`TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256`) or \
                            OpenSSL's name for it (`ECDHE-ECDSA-AES128-GCM-SHA256`), and must \
                            be enabled in the JDK, which leaves the weak ones out. OpenSSL's \
                            keywords and operators (`HIGH`, `!aNULL`, `ECDHE+AESGCM`) are not \
                            supported: list the suites. As with OpenSSL, the list governs \
                            TLS 1.2; TLS 1.3 keeps the JDK's suites unless the list names TLS \
                            1.3 suites (`TLS_AES_128_GCM_SHA256`, `TLS_AES_256_GCM_SHA384`, \
                            `TLS_CHACHA20_POLY1305_SHA256`). By default the JDK's enabled \
                            suites are used, strongest first.""")
                    .build());

    /** The lowest TLS version. */
    public static final Setting<String> SSL_MIN_VERSION = register(
            Setting.builder("ssl_min_version", ValueParsers.tlsVersion())
                    .flags("--ssl-min-version").section(SSL).defaultValue("TLSv1.2")
                    .summary("The lowest TLS version a client may use: TLSv1.2 or TLSv1.3.")
                    .description("""
                            The lowest protocol version a client may use: `TLSv1.2` (the \
                            default) or `TLSv1.3`. TLS 1.3 is always offered and preferred. \
                            TLS 1.0 and 1.1 cannot be turned on: the JDK disables them. It \
                            replaces gunicorn's `ssl_version`, which gunicorn no longer uses. \
                            New in Loomicorn.""")
                    .build());

    // ================================================================== Worker Processes

    /** How many worker JVMs. */
    public static final Setting<Integer> WORKERS = register(
            Setting.builder("workers", ValueParsers.workers())
                    .flags("-w", "--workers").section(WORKER_PROCESSES).defaultValue(1)
                    .defaultFromEnvironment("WEB_CONCURRENCY", value -> value)
                    .defaultText("1, or $WEB_CONCURRENCY when set")
                    .summary("How many worker JVMs to run (an integer, or an expression such as 2*cpu+1).")
                    .description("""
                            How many worker JVMs the master keeps running. Either an integer \
                            (0 runs a master without workers), or an expression of the number \
                            of CPUs: integers, `cpu`, `+ - * /` and parentheses, for example \
                            `2*cpu+1`, `cpu` or `cpu/2`. An expression is computed exactly, \
                            rounded down, and yields at least 1. In HOCON, quote it: \
                            `workers = "2*cpu+1"`. `cpu` is the number of processors the master \
                            JVM sees, which respects container limits. The default is \
                            `$WEB_CONCURRENCY` when the environment sets it, else 1.""")
                    .build());

    /** Which worker implementation. */
    public static final Setting<String> WORKER_CLASS = register(
            Setting.builder("worker_class",
                            ValueParsers.text("NAME", "expected a worker name such as sync, vthread or reactor,"
                                    + " or a class name", false))
                    .flags("-k", "--worker-class").section(WORKER_PROCESSES).defaultValue("sync")
                    .summary("The worker implementation: sync, vthread, reactor, or a class name.")
                    .description("""
                            The worker implementation each worker JVM runs. `sync` serves one \
                            request at a time per worker, `vthread` one virtual thread per \
                            connection, and `reactor` an event loop. Other names are looked up \
                            among the worker factories on the class path (`ServiceLoader`), and \
                            a fully qualified class name is also accepted.""")
                    .build());

    /** Threads per worker. */
    public static final Setting<Integer> THREADS = register(
            Setting.builder("threads", ValueParsers.integer("INT", 1, Integer.MAX_VALUE))
                    .flags("--threads").section(WORKER_PROCESSES).defaultValue(1)
                    .summary("How many threads each worker runs requests on.")
                    .description("""
                            How many threads each worker runs requests on. `vthread`: the \
                            carrier threads under its virtual threads (1 by default: like a \
                            gevent worker's single hub, processes give the parallelism, and one \
                            carrier costs the least CPU per request, about 25% less than two). \
                            Virtual threads are not time-sliced, so a vthread worker lends itself \
                            more carriers, up to `vthread_max_carriers`, while CPU-bound requests \
                            hold the ones it has: a health check then answers while one request \
                            computes. With many CPU-heavy handlers, a steady `--threads 2` is \
                            better: it cut p99 from about 700 to 120 ms for 1 ms handlers at 50 \
                            connections on 2 cores. `reactor`: its XNIO I/O threads. `sync` \
                            serves one request at a time and refuses a value above 1 (use \
                            `-k vthread`). A worker class with a pool of threads sizes the pool \
                            with it.""")
                    .build());

    /** Connections per worker. */
    public static final Setting<Integer> WORKER_CONNECTIONS = register(
            Setting.builder("worker_connections", ValueParsers.integer("INT", 1, Integer.MAX_VALUE))
                    .flags("--worker-connections").section(WORKER_PROCESSES).defaultValue(1000)
                    .summary("The most connections one worker serves at the same time.")
                    .description("""
                            The most client connections one worker serves at the same time, \
                            for worker classes that serve many connections at once (`vthread`, \
                            `reactor`). A worker at the limit stops accepting until a connection \
                            closes.""")
                    .build());

    /** Requests before a worker is recycled. */
    public static final Setting<Integer> MAX_REQUESTS = register(
            Setting.builder("max_requests", ValueParsers.integer("INT", 0, Integer.MAX_VALUE))
                    .flags("--max-requests").section(WORKER_PROCESSES).defaultValue(0)
                    .summary("Restart a worker after it has served this many requests (0 = never).")
                    .description("""
                            Restart a worker gracefully after it has served this many \
                            requests, a simple way to contain memory leaks in an application. \
                            0 turns the restarts off.""")
                    .build());

    /** Random extra requests before recycling. */
    public static final Setting<Integer> MAX_REQUESTS_JITTER = register(
            Setting.builder("max_requests_jitter", ValueParsers.integer("INT", 0, Integer.MAX_VALUE))
                    .flags("--max-requests-jitter").section(WORKER_PROCESSES).defaultValue(0)
                    .summary("Add a random 0 to N to max_requests per worker, so workers do not all restart at once.")
                    .description("""
                            Each worker adds a random number from 0 to this value to \
                            `max_requests`, so that workers started together do not all \
                            restart together. Has no effect when `max_requests` is 0.""")
                    .build());

    /** Heartbeat timeout. */
    public static final Setting<Integer> TIMEOUT = register(
            Setting.builder("timeout", ValueParsers.integer("SECONDS", 0, Integer.MAX_VALUE))
                    .flags("-t", "--timeout").section(WORKER_PROCESSES).defaultValue(30)
                    .summary("Kill a worker that has been silent for this many seconds (0 = never).")
                    .description("""
                            Seconds a worker may stay silent (send no heartbeat) before the \
                            master takes it for stuck: it asks the JVM for a thread dump, so \
                            that the log shows where it hung, then kills and replaces it. A \
                            `sync` worker beats between requests, so one request longer than \
                            this trips it; other worker classes beat from their own loop and \
                            also bound each request by this time. 0 turns the check off.""")
                    .build());

    /** Time allowed for a graceful stop. */
    public static final Setting<Integer> GRACEFUL_TIMEOUT = register(
            Setting.builder("graceful_timeout", ValueParsers.integer("SECONDS", 0, Integer.MAX_VALUE))
                    .flags("--graceful-timeout").section(WORKER_PROCESSES).defaultValue(30)
                    .summary("Seconds a stopping worker may take to finish its requests before it is killed.")
                    .description("""
                            Seconds a stopping worker may take to finish the requests it is \
                            serving. Every stop works the same way (a TERM to the master, a \
                            reload, a restart after `max_requests`): stop accepting, finish \
                            in-flight requests for up to this long, then close what is left.""")
                    .build());

    /** Time between TERM and the start of the drain, for load balancers' health checks. */
    public static final Setting<Integer> SHUTDOWN_DELAY = register(
            Setting.builder("shutdown_delay", ValueParsers.integer("SECONDS", 0, 3600))
                    .flags("--shutdown-delay").section(WORKER_PROCESSES).defaultValue(0)
                    .summary("Seconds between TERM and the drain, while /readyz answers 503 and the workers serve.")
                    .description("""
                            Seconds the master waits after TERM before its workers stop \
                            accepting and drain. Meanwhile the admin endpoint's `/readyz` \
                            answers 503 and the workers serve as usual, so that a load \
                            balancer's health check takes the host out before any connection \
                            is refused (what HAProxy's `grace` and a Kubernetes `preStop` pause \
                            do). Set it above the balancer's check interval times its fall \
                            count. A second TERM, or INT or QUIT, stops at once. 0, the default, \
                            stops at once, as gunicorn does (not a gunicorn setting).""")
                    .build());

    /** Keep-alive idle time. */
    public static final Setting<Integer> KEEPALIVE = register(
            Setting.builder("keepalive", ValueParsers.integer("SECONDS", 0, Integer.MAX_VALUE))
                    .flags("--keep-alive").section(WORKER_PROCESSES).defaultValue(2)
                    .summary("Seconds to wait for the next request on a kept-alive connection.")
                    .description("""
                            Seconds a worker waits for the next request on a kept-alive \
                            connection before closing it. Behind a load balancer, set it \
                            higher than the balancer's idle timeout. 0 closes the connection \
                            after each response.""")
                    .build());

    /** Time allowed to receive a request head. */
    public static final Setting<Integer> HEADER_TIMEOUT = register(
            Setting.builder("header_timeout", ValueParsers.integer("SECONDS", 1, Integer.MAX_VALUE))
                    .flags("--header-timeout").section(WORKER_PROCESSES).defaultValue(10)
                    .summary("Seconds a client may take to send a whole request head once it has begun.")
                    .description("""
                            Seconds a client may take to send the whole request line and \
                            headers, counted from the first byte of the request. A client that \
                            is slower is disconnected. This protects workers from slowloris \
                            attacks, which hold connections open by sending a request head a \
                            few bytes at a time. New in Loomicorn.""")
                    .build());

    // ================================================================== Security

    /** Request line limit. */
    public static final Setting<Integer> LIMIT_REQUEST_LINE = register(
            Setting.builder("limit_request_line", ValueParsers.integer("BYTES", 0, Integer.MAX_VALUE))
                    .flags("--limit-request-line").section(SECURITY).defaultValue(4094)
                    .summary("The longest request line accepted, in bytes (0 = the maximum, 8190).")
                    .description("""
                            The longest request line (method, target and version) accepted, in \
                            bytes. A longer one is refused with status 414. 0 means no limit of \
                            its own, and values above 8190 are capped at 8190, so 8190 is the \
                            effective maximum. Lower it to limit what clients can push into \
                            URLs.""")
                    .build());

    /** Header count limit. */
    public static final Setting<Integer> LIMIT_REQUEST_FIELDS = register(
            Setting.builder("limit_request_fields", ValueParsers.integer("INT", 0, 32768))
                    .flags("--limit-request-fields").section(SECURITY).defaultValue(100)
                    .summary("The most header fields a request may have (up to 32768; 0 = 32768).")
                    .description("""
                            The most header fields a request may have; more are refused with \
                            status 431. At most 32768, and 0 means 32768.""")
                    .build());

    /** Header line size limit. */
    public static final Setting<Integer> LIMIT_REQUEST_FIELD_SIZE = register(
            Setting.builder("limit_request_field_size", ValueParsers.integer("BYTES", 0, Integer.MAX_VALUE))
                    .flags("--limit-request-field-size", "--limit-request-field_size").section(SECURITY)
                    .defaultValue(8190)
                    .summary("The longest header field accepted, in bytes (0 = unlimited).")
                    .description("""
                            The longest header field accepted, in bytes, counting its name, \
                            value and line ending. A longer one is refused with status 431. \
                            0 means unlimited. `--limit-request-field_size`, with gunicorn's \
                            underscore, is accepted as well.""")
                    .build());

    /** Body size limit. */
    public static final Setting<Long> LIMIT_REQUEST_BODY = register(
            Setting.builder("limit_request_body", ValueParsers.longInteger("BYTES", 0))
                    .flags("--limit-request-body").section(SECURITY).defaultValue(0L)
                    .summary("The largest request body accepted, in bytes (0 = unlimited).")
                    .description("""
                            The largest request body accepted, in bytes, whether it is sent \
                            with `Content-Length` or chunked. A larger one is answered with \
                            status 413 and the connection is closed. 0 means unlimited. New in \
                            Loomicorn.""")
                    .build());

    // ================================================================== Debugging

    /** Restart workers when code changes. */
    public static final Setting<Boolean> RELOAD = register(
            Setting.builder("reload", ValueParsers.bool())
                    .flags("--reload").section(DEBUGGING).defaultValue(false)
                    .summary("Restart the workers when the application's classes or jars change (development only).")
                    .description("""
                            Watch the application's class path (`classpath`) and the files in \
                            `reload_extra_files`, and replace the workers when something \
                            changes. The old workers keep serving until the new ones have \
                            booted, and keep serving if they cannot boot, for example because the \
                            new code names a class that is not on the class path \
                            (`linkage_check`). Meant for development.""")
                    .build());

    /** Extra files that trigger a reload. */
    public static final Setting<List<String>> RELOAD_EXTRA_FILES = register(
            Setting.builder("reload_extra_files",
                            ValueParsers.repeatable("list of paths",
                                    ValueParsers.text("FILE", "expected a file path", false), true))
                    .flags("--reload-extra-file").section(DEBUGGING).defaultValue(List.of())
                    .summary("A further file to watch with --reload; repeat the flag for several.")
                    .description("""
                            Further files whose change triggers a reload when `reload` is on, \
                            such as templates or configuration read by the application. Repeat \
                            the flag for several; in the config file give a list.""")
                    .build());

    /** JFR method trace. */
    public static final Setting<Boolean> SPEW = register(
            Setting.builder("spew", ValueParsers.bool())
                    .flags("--spew").section(DEBUGGING).defaultValue(false)
                    .summary("Record a JFR method trace of the application's class in each worker.")
                    .description("""
                            gunicorn's `spew` traces every Python line; the JVM has no line \
                            tracer, so Loomicorn maps it to a JFR method trace (JEP 520): each \
                            worker records every call of a method of the application's class \
                            (the class part of APP), with its stack, to \
                            `loomicorn-spew-PID.jfr` in `worker_tmp_dir` (or the temporary \
                            directory), written when the worker exits. Read it with \
                            `jfr print --events jdk.MethodTrace FILE`. Slow; for debugging only.""")
                    .build());

    /** Check the configuration and exit. */
    public static final Setting<Boolean> CHECK_CONFIG = register(
            Setting.builder("check_config", ValueParsers.bool())
                    .flags("--check-config").section(DEBUGGING).defaultValue(false)
                    .summary("Check the configuration and the application, then exit (0 if good, 1 if not).")
                    .description("""
                            Load the configuration and the application, report any problem, \
                            and exit without serving: exit code 0 when all is well, 1 \
                            otherwise. Useful before a deploy or a reload.""")
                    .build());

    /** Print the resolved configuration. */
    public static final Setting<Boolean> PRINT_CONFIG = register(
            Setting.builder("print_config", ValueParsers.bool())
                    .flags("--print-config").section(DEBUGGING).defaultValue(false)
                    .summary("Print every resolved setting and where its value came from, then exit.")
                    .description("""
                            Print every setting, one per line as `name = value  (origin)`, \
                            where the origin says which source set it (default, environment, \
                            config file, `LOOMICORN_CMD_ARGS` or command line), then exit. \
                            Implies `check_config`.""")
                    .build());

    // ================================================================== Server Mechanics

    /** Load the app in the master first. */
    public static final Setting<Boolean> PRELOAD_APP = register(
            Setting.builder("preload_app", ValueParsers.bool())
                    .flags("--preload").section(SERVER_MECHANICS).defaultValue(false)
                    .summary("Load and check the application once before starting workers.")
                    .description("""
                            Load the application once before any worker starts, so that a \
                            missing class or a failing constructor stops the server at once \
                            (exit code 3) with a clear message. It is loaded in a JVM the \
                            master starts exactly as it starts a worker, so with `raw_env`, \
                            `chdir`, `classpath` and `user` applied: gunicorn imports it in the \
                            master, where `raw_env`'s variables are missing, and a JVM cannot \
                            change its own environment. Worker JVMs are separate processes, so \
                            they still load the application themselves; unlike gunicorn's \
                            fork, nothing is shared.""")
                    .build());

    /** Use sendfile for file bodies. */
    public static final Setting<Boolean> SENDFILE = register(
            Setting.builder("sendfile", ValueParsers.bool())
                    .negatedFlag("--no-sendfile").section(SERVER_MECHANICS).defaultValue(true)
                    .summary("Send file bodies with the kernel's sendfile; --no-sendfile turns it off.")
                    .description("""
                            Send file response bodies with the kernel's zero-copy transfer \
                            (`FileChannel.transferTo`, sendfile on Linux). On by default; \
                            `--no-sendfile` or `sendfile = false` turns it off, which can help \
                            with file systems that do not support it well. Unlike gunicorn, \
                            `sendfile = true` means on. Over TLS the worker reads and encrypts \
                            the file instead (no zero-copy), as gunicorn does.""")
                    .build());

    /** Working directory of the application. */
    public static final Setting<Optional<String>> CHDIR = register(
            Setting.builder("chdir", ValueParsers.optional(ValueParsers.existingDirectory()))
                    .flags("--chdir").section(SERVER_MECHANICS).defaultValue(Optional.empty())
                    .defaultText("the current directory")
                    .summary("The working directory of the worker JVMs.")
                    .description("""
                            The working directory of the worker JVMs, where the application \
                            resolves its own relative paths. It must exist; a relative path is \
                            resolved against the directory Loomicorn was started in, and the \
                            setting holds the absolute path. The master itself does not move (a \
                            JVM cannot change its own directory), and Loomicorn's other path \
                            settings (`classpath`, the logs, `pidfile`) stay relative to the \
                            start directory too, so master and workers agree on them; gunicorn \
                            resolves them against `chdir`.""")
                    .build());

    /** Environment variables for the workers. */
    public static final Setting<List<String>> RAW_ENV = register(
            Setting.builder("raw_env", ValueParsers.repeatable("list of KEY=VALUE",
                            ValueParsers.environmentEntry(), true))
                    .flags("-e", "--env").section(SERVER_MECHANICS).defaultValue(List.of())
                    .summary("Set an environment variable KEY=VALUE in the workers; repeat for several.")
                    .description("""
                            Environment variables to set in every worker JVM, as \
                            `KEY=VALUE`. Repeat the flag for several; in the config file give \
                            a list, `raw_env = ["TZ=UTC", "APP_MODE=prod"]`.""")
                    .build());

    /** The pid file. */
    public static final Setting<Optional<String>> PIDFILE = register(
            Setting.builder("pidfile", ValueParsers.optional(ValueParsers.path("FILE", "expected a file path")))
                    .flags("-p", "--pid").section(SERVER_MECHANICS).defaultValue(Optional.empty())
                    .summary("Write the master's process id to this file.")
                    .description("""
                            Write the master's process id to this file while it runs, and \
                            remove the file when it stops, for init systems and scripts that \
                            send it signals.""")
                    .build());

    /** Where heartbeat files go. */
    public static final Setting<Optional<String>> WORKER_TMP_DIR = register(
            Setting.builder("worker_tmp_dir", ValueParsers.optional(ValueParsers.existingDirectory()))
                    .flags("--worker-tmp-dir").section(SERVER_MECHANICS).defaultValue(Optional.empty())
                    .defaultText("the system temporary directory")
                    .summary("The directory for the workers' heartbeat files; must exist.")
                    .description("""
                            The directory where workers keep their heartbeat files, which are \
                            written often. On a disk-backed file system this can cause stalls; \
                            a memory file system such as `/dev/shm` avoids them. It must exist; \
                            the setting holds its absolute path.""")
                    .build());

    /** User of the workers. */
    public static final Setting<Optional<String>> USER = register(
            Setting.builder("user", ValueParsers.optional(ValueParsers.string("user name or uid", "USER",
                            "expected a user name or a numeric uid", s -> !s.isEmpty() && !s.contains(" "))))
                    .flags("-u", "--user").section(SERVER_MECHANICS).defaultValue(Optional.empty())
                    .defaultText("the current user")
                    .summary("Run the workers as this user (a name or a numeric uid).")
                    .description("""
                            Run the worker JVMs as this user, given by name or numeric uid. \
                            Changing user needs the master to run with enough privileges.""")
                    .build());

    /** Group of the workers. */
    public static final Setting<Optional<String>> GROUP = register(
            Setting.builder("group", ValueParsers.optional(ValueParsers.string("group name or gid", "GROUP",
                            "expected a group name or a numeric gid", s -> !s.isEmpty() && !s.contains(" "))))
                    .flags("-g", "--group").section(SERVER_MECHANICS).defaultValue(Optional.empty())
                    .defaultText("the current group")
                    .summary("Run the workers as this group (a name or a numeric gid).")
                    .description("""
                            Run the worker JVMs as this group, given by name or numeric gid. \
                            Changing group needs the master to run with enough privileges.""")
                    .build());

    /** File mode creation mask. */
    public static final Setting<Integer> UMASK = register(
            Setting.builder("umask", ValueParsers.umask())
                    .flags("-m", "--umask").section(SERVER_MECHANICS).defaultValue(0)
                    .summary("The file mode creation mask for Unix sockets and heartbeat files, e.g. 0022.")
                    .description("""
                            The file mode creation mask used when the server creates Unix \
                            sockets and heartbeat files. Written as in a shell, `0022` (a \
                            leading zero means octal), or `0o22`, `0x12` or decimal `18`; from \
                            0 to 0777. In HOCON, quote it: `umask = "0022"`, because HOCON \
                            reads an unquoted `0022` as the decimal number 22.""")
                    .build());

    /** The application's class path. */
    public static final Setting<List<String>> CLASSPATH = register(
            Setting.builder("classpath", ValueParsers.classpath())
                    .flags("--classpath").section(SERVER_MECHANICS).defaultValue(List.of())
                    .summary("Jars and directories holding the application; repeatable, ':'-separated lists allowed.")
                    .description("""
                            The jars and class directories that hold the application, added to \
                            each worker JVM's class path; the master reads the same entries for \
                            `hooks` and worker classes, and `reload` watches them. Repeat the \
                            flag, or separate entries with `:` as in `java -cp`; `lib/*` takes \
                            every jar in `lib` (files named `*.jar`, in name order, looked up \
                            again for each new worker, so a jar added there is picked up). In \
                            the config file give a list. This is gunicorn's `pythonpath` on the \
                            JVM. A relative entry is resolved against the directory Loomicorn \
                            was started in, not `chdir`.""")
                    .build());

    /** Check that the application's code can link before a worker loads it. */
    public static final Setting<String> LINKAGE_CHECK = register(
            Setting.builder("linkage_check", ValueParsers.choice("MODE", "reachable", "all", "off"))
                    .flags("--linkage-check").section(SERVER_MECHANICS).defaultValue("reachable")
                    .summary("Before loading the application, check that every class its own code names is on the"
                            + " class path: reachable (default), all, or off.")
                    .description("""
                            Before a worker loads the application, it reads the class files of the \
                            application's own code with the JDK's class-file API and looks up every \
                            class they name, without loading or initialising any. The application's \
                            own code is the class folders of `classpath` and the jar of `classpath` \
                            that holds the application class; other jars are dependencies, whose \
                            classes must exist when the application names them but are not read, \
                            since libraries name optional classes that they use only when present \
                            (a logging library's backends, Spring Boot's auto-configuration). If a \
                            class is missing the worker does not boot: on a reload (HUP, or \
                            `reload`) the previous workers keep serving, and the error log says in \
                            one line which class is missing and which class names it; a cold start \
                            exits with code 3. Without the check, a class needed only inside a \
                            request handler shows up as a 500 `NoClassDefFoundError` on every \
                            request of the new workers, because the JVM links lazily.

                            `reachable` reads the application class and, transitively, the classes \
                            of the application's own code that it names, so that tests or tools in \
                            the same folder do not count. `all` reads every class of the \
                            application's own entries, for frameworks that find their classes by \
                            scanning (Spring's components). `off` skips the check. It adds 30 to \
                            80 ms to a worker's boot, for small and Spring Boot sized class paths \
                            alike (see `docs/signals.md`).""")
                    .build());

    /** Extra JVM options for the workers. */
    public static final Setting<List<String>> WORKER_JVM_ARGS = register(
            Setting.builder("worker_jvm_args", ValueParsers.shellWords())
                    .flags("--worker-jvm-args").section(SERVER_MECHANICS).defaultValue(List.of())
                    .summary("Extra JVM options for the worker JVMs, split like a shell command line.")
                    .description("""
                            Extra options for the worker JVMs' command line, such as \
                            `--worker-jvm-args="-Xmx64m -XX:+UseSerialGC"`. The string is split \
                            like a shell command line (quotes and backslashes work). The \
                            master adds its own tuned defaults first, so these can override \
                            them. In the config file give a string to split or a list of \
                            arguments.

                            The heap. Without a heap option here, each worker gets \
                            `-Xmx` = (M - 128 MiB) / `workers` - 128 MiB, at least 32 MiB, \
                            where M is the memory limit of the master's cgroup (a container's \
                            limit) or, without one, the machine's memory: the 128 MiB before \
                            the division are the master's, the 128 MiB after it each worker's \
                            memory outside the heap (metaspace, code cache, thread stacks, \
                            GC). So the workers' heaps and the rest fit the limit together, \
                            where a JVM left to itself takes a quarter of the container as \
                            heap (five workers in a 2 GiB pod would claim 2.5 GiB). `workers` \
                            is the setting: workers added with TTIN get the same heap, beyond \
                            the budget. `-Xmx`, `-XX:MaxHeapSize`, `-XX:MaxRAM`, \
                            `-XX:MaxRAMPercentage` or `-XX:MaxRAMFraction` here replace the \
                            rule. Under that rule a worker starts with an 8 MiB heap, or with \
                            TLS (`certfile`) 128 MiB (at most its heap): a TLS handshake \
                            allocates about 200 KB, and a smaller young generation promoted \
                            what handshakes in flight held or collected more often (5.5 \
                            collections per 1,000 handshakes; with 64 MiB 11, with 8 MiB 97), \
                            for 13 to 18 MiB more RSS under load than 64 MiB. \
                            `/status` shows the heap in force. A worker that runs out of \
                            heap exits at once (`-XX:+ExitOnOutOfMemoryError`, a default); the \
                            master logs it, counts it (`loomicorn_worker_exits_total{cause="oom"}`) \
                            and replaces it.

                            The collector. Workers run the serial collector (the smallest \
                            footprint, no collector threads); a collector named here \
                            (`-XX:+UseG1GC`, `-XX:+UseParallelGC`, `-XX:+UseZGC`) replaces it. \
                            The serial collector sizes its young generation only at a full \
                            collection and grows the old generation rather than collecting it, \
                            so under many requests in flight a worker's heap would grow toward \
                            its maximum: each worker asks for a full collection when the old \
                            generation passes 64 MiB, and then twice what survived the last \
                            one (1,000 connections on `/sleep?ms=10` for 20 s, one worker: \
                            RSS 175-181 MiB, without that rule 864-1,116 MiB and growing).""")
                    .build());

    /** The JDK AOT cache that makes worker JVMs boot faster. */
    public static final Setting<String> AOT_CACHE = register(
            Setting.builder("aot_cache", ValueParsers.text("auto, off or FILE",
                            "expected auto, off, or the path of an AOT cache file", false))
                    .flags("--aot-cache").section(SERVER_MECHANICS).defaultValue("auto")
                    .summary("A JDK AOT cache for worker JVMs: auto (default), off, or a file.")
                    .description("""
                            Worker JVMs start with a JDK AOT cache (JEP 483, 514) of the classes \
                            a worker loads and links while it boots, which roughly halves the \
                            time from spawn to serving. With `auto` the master keeps the cache \
                            under `worker_tmp_dir` (or the system temporary directory), named \
                            after a hash of the JDK, the class path and the worker JVM options, \
                            and builds it once in the background with a training JVM that boots \
                            like a worker (it loads the application, but serves nothing); \
                            workers started before it is ready boot without it. Each build, \
                            JDK or change of options names a new cache (about 25 MiB), so a \
                            master that trains one removes the other `auto` caches there beyond \
                            the 8 most recently used that no master has used for a day. A file \
                            path does the same with that file (and nothing is removed). `off` disables it. A class path with \
                            a class folder (not a jar) cannot be cached, and is then run \
                            without a cache.""")
                    .build());

    /** Accept obsolete line folding. */
    public static final Setting<Boolean> PERMIT_OBSOLETE_FOLDING = register(
            Setting.builder("permit_obsolete_folding", ValueParsers.bool())
                    .flags("--permit-obsolete-folding").section(SERVER_MECHANICS).defaultValue(false)
                    .summary("Accept header values continued on the next line (obsolete folding).")
                    .description("""
                            Accept header values continued on a following line that starts \
                            with a space or tab ("obsolete line folding", RFC 9112 section \
                            5.2). Refused with status 400 by default, because proxies may \
                            disagree on such headers.""")
                    .build());

    /** Accept unusual methods. */
    public static final Setting<Boolean> PERMIT_UNCONVENTIONAL_HTTP_METHOD = register(
            Setting.builder("permit_unconventional_http_method", ValueParsers.bool())
                    .flags("--permit-unconventional-http-method").section(SERVER_MECHANICS).defaultValue(false)
                    .summary("Accept request methods outside the usual shape (3 to 20 upper-case characters).")
                    .description("""
                            Accept request methods of any token shape. By default a method \
                            must be 3 to 20 characters long and must not contain lower-case \
                            letters or `#`, which catches garbage and some smuggling tricks \
                            early.""")
                    .build());

    /** Accept unusual HTTP versions. */
    public static final Setting<Boolean> PERMIT_UNCONVENTIONAL_HTTP_VERSION = register(
            Setting.builder("permit_unconventional_http_version", ValueParsers.bool())
                    .flags("--permit-unconventional-http-version").section(SERVER_MECHANICS).defaultValue(false)
                    .summary("Accept HTTP versions other than 1.0 and 1.1 in the request line.")
                    .description("""
                            Accept well-formed HTTP versions other than 1.0 and 1.1 in the \
                            request line. By default they are refused.""")
                    .build());

    /** Upper-case request methods. */
    public static final Setting<Boolean> CASEFOLD_HTTP_METHOD = register(
            Setting.builder("casefold_http_method", ValueParsers.bool())
                    .flags("--casefold-http-method").section(SERVER_MECHANICS).defaultValue(false)
                    .summary("Upper-case request methods before passing them to the application.")
                    .description("""
                            Turn request methods into upper case, so that `get` reaches the \
                            application as `GET`. Methods are case-sensitive in HTTP, so this \
                            is off by default.""")
                    .build());

    /** Header names with underscores. */
    public static final Setting<String> HEADER_MAP = register(
            Setting.builder("header_map", ValueParsers.choice("MODE", "drop", "refuse", "dangerous"))
                    .flags("--header-map").section(SERVER_MECHANICS).defaultValue("drop")
                    .summary("What to do with header names that contain '_': drop, refuse or dangerous.")
                    .description("""
                            What to do with request header names that contain an underscore, \
                            which some software treats as a hyphen (so `X_Auth` could pass for \
                            `X-Auth`). `drop` removes such headers silently, `refuse` answers \
                            with status 400, and `dangerous` passes them to the application \
                            unchanged.""")
                    .build());

    /** Server response header. */
    public static final Setting<String> SERVER_HEADER = register(
            Setting.builder("server_header",
                            ValueParsers.text("TEXT", "expected header text without control characters", true))
                    .flags("--server-header").section(SERVER_MECHANICS).defaultValue("loomicorn")
                    .summary("The value of the Server response header; empty turns the header off.")
                    .description("""
                            The value of the `Server` header in responses. An empty string \
                            (`--server-header=`) leaves the header out, which hides the \
                            server's name from clients. New in Loomicorn.""")
                    .build());

    /** Front ends trusted for forwarded headers. */
    public static final Setting<List<String>> FORWARDED_ALLOW_IPS = register(
            Setting.builder("forwarded_allow_ips", ValueParsers.addressList())
                    .flags("--forwarded-allow-ips").section(SERVER_MECHANICS)
                    .defaultValue(ProxySettings.LOCALHOST)
                    .defaultFromEnvironment("FORWARDED_ALLOW_IPS", value -> value)
                    .defaultText("127.0.0.1,::1, or $FORWARDED_ALLOW_IPS when set")
                    .summary("Front ends (IP addresses, CIDR networks, or *) whose forwarded headers are trusted.")
                    .description("""
                            The front ends whose forwarded headers are believed: IP addresses \
                            and CIDR networks separated by commas (`127.0.0.1,::1,10.0.0.0/8`), \
                            or `*` for every address. A peer on a Unix socket is always trusted. \
                            From a trusted front end, `secure_scheme_headers` set the scheme, \
                            `X-Forwarded-For` the client's address, `X-Forwarded-Host` and \
                            `X-Forwarded-Port` the server name and port (or RFC 7239 \
                            `Forwarded`, see `forwarded_style`), and a `SCRIPT_NAME` header the \
                            mount point (`forwarder_headers`); from any other peer they are \
                            ignored. A network with bits set after its prefix (`10.0.0.1/8`) \
                            is refused.

                            After a PROXY protocol header that names a client, that client \
                            must be in this list too, since the PROXY sender only relays the \
                            bytes its client wrote (gunicorn asks only about the socket's peer, \
                            which lets any client of a TCP-mode HAProxy on loopback set them). An `X-Forwarded-For` list is read \
                            from the right, past the addresses that are in this list themselves: \
                            the first other address is the client's. Unlike gunicorn, which \
                            leaves `REMOTE_ADDR` at the socket's peer, the client's address \
                            becomes the request's remote address (the proxy's stays available \
                            as the peer address).""")
                    .build());

    /** Headers that mark a request from a trusted front end as https. */
    public static final Setting<Map<String, String>> SECURE_SCHEME_HEADERS = register(
            Setting.builder("secure_scheme_headers", ValueParsers.headerValues())
                    .section(SERVER_MECHANICS)
                    .defaultValue(ProxySettings.DEFAULT_SECURE_SCHEME_HEADERS)
                    .defaultText("{ X-FORWARDED-PROTOCOL = ssl, X-FORWARDED-PROTO = https, X-FORWARDED-SSL = on }")
                    .summary("Headers of a trusted front end, and the values that mean the client used https.")
                    .description("""
                            Headers that tell, from a trusted front end (`forwarded_allow_ips`), \
                            that the client used https: a header present whose value equals the \
                            one given here exactly makes the scheme `https`, any other value \
                            `http`. Two present headers (or two lines of one) that disagree are \
                            answered with 400 (gunicorn's `InvalidSchemeHeaders`). Config file \
                            only, as in gunicorn; names compare case-insensitively:

                            ```
                            secure_scheme_headers { "X-Forwarded-Proto" = https }
                            ```

                            `{}` turns the scheme headers off. Not read with \
                            `forwarded_style = rfc7239`.""")
                    .build());

    /** Which family of forwarded headers is read. */
    public static final Setting<String> FORWARDED_STYLE = register(
            Setting.builder("forwarded_style", ValueParsers.choice("STYLE", "x-forwarded", "rfc7239", "both"))
                    .flags("--forwarded-style").section(SERVER_MECHANICS).defaultValue("x-forwarded")
                    .summary("Which forwarded headers a trusted front end sends: x-forwarded, rfc7239 or both.")
                    .description("""
                            Which family of forwarded headers is read from a trusted front end. \
                            `x-forwarded` (as gunicorn): `X-Forwarded-For`, `X-Forwarded-Host`, \
                            `X-Forwarded-Port` and `secure_scheme_headers`; a `Forwarded` header \
                            is ignored. `rfc7239`: the `for`, `proto` and `host` of RFC 7239's \
                            `Forwarded` header; the X- headers are ignored. `both`: both, and \
                            when both arrive `Forwarded` wins for each of the client, the \
                            scheme and the host that it gives. Choose the family your front end \
                            writes, and make it replace (not pass on) what clients send: a \
                            header the front end does not set reaches Loomicorn as the client \
                            wrote it. New in Loomicorn.""")
                    .build());

    /** Underscore headers a trusted front end may send. */
    public static final Setting<List<String>> FORWARDER_HEADERS = register(
            Setting.builder("forwarder_headers", ValueParsers.headerNames())
                    .flags("--forwarder-headers").section(SERVER_MECHANICS)
                    .defaultValue(ProxySettings.DEFAULT_FORWARDER_HEADERS)
                    .defaultText("SCRIPT_NAME,PATH_INFO")
                    .summary("Headers with an underscore that a trusted front end may send (SCRIPT_NAME sets the mount point).")
                    .description("""
                            Header names with an underscore that a trusted front end may send \
                            although `header_map` drops such headers. A trusted `SCRIPT_NAME` \
                            header is the mount point of the application (it overrides \
                            `root_path`), as nginx sends it with \
                            `proxy_set_header SCRIPT_NAME /app;`. The other names are accepted \
                            and otherwise unused (gunicorn passes them on as `HTTP_` environ \
                            variables; Loomicorn's requests do not show underscore headers). \
                            `*` allows any name. With `header_map = refuse` every underscore \
                            header is refused, these too.""")
                    .build());

    /** The mount point of the application. */
    public static final Setting<String> ROOT_PATH = register(
            Setting.builder("root_path", ValueParsers.mountPoint())
                    .flags("--root-path").section(SERVER_MECHANICS).defaultValue("")
                    .defaultFromEnvironment("SCRIPT_NAME", value -> value)
                    .defaultText("empty, or $SCRIPT_NAME when set")
                    .summary("The path the application is mounted under (WSGI's SCRIPT_NAME), such as /app.")
                    .description("""
                            The path the application is mounted under, WSGI's `SCRIPT_NAME`: \
                            empty, or a path that starts with `/` and does not end with one, \
                            such as `/app`. Requests see it as `scriptName()` and the rest of \
                            the path as `pathInfo()`, so that an application builds its URLs \
                            under it. A trusted front end's `SCRIPT_NAME` header overrides it. \
                            A request whose path is neither the mount point nor below it \
                            (`/app`, `/app/...`) is answered with 500 and one line in the error \
                            log, as gunicorn does (gunicorn also accepts `/application` under \
                            `/app`; Loomicorn requires a whole path segment). The default is \
                            the `SCRIPT_NAME` environment variable, as gunicorn's.""")
                    .build());

    /** The PROXY protocol. */
    public static final Setting<String> PROXY_PROTOCOL = register(
            Setting.builder("proxy_protocol", ValueParsers.proxyProtocolMode())
                    .flags("--proxy-protocol").bareValue("auto").section(SERVER_MECHANICS).defaultValue("off")
                    .summary("Accept a PROXY protocol header (off, v1, v2, auto; the flag alone: auto) at the start"
                            + " of each connection.")
                    .description("""
                            Accept HAProxy's PROXY protocol header at the start of each \
                            connection: `v1` (text), `v2` (binary), `auto` (either), or `off`. \
                            The flag alone means `auto`; `true` and `false` mean `auto` and \
                            `off`. The header is optional, as in gunicorn: a connection that \
                            starts with a request is served as it is. A header from a sender \
                            outside `proxy_allow_ips` is answered with 403, a malformed one \
                            (or one cut short) with 400, and the connection is closed; a \
                            PROXY line later on a connection is a malformed request (400). \
                            The header's client becomes the request's remote address; the \
                            proxy stays the peer address. `UNKNOWN` (v1), `LOCAL` and \
                            unspecified or Unix addresses (v2) keep the socket's addresses. Of \
                            v2's TLVs, the SSL flag makes the scheme `https`, and it, the SNI \
                            name (`PP2_TYPE_AUTHORITY`), the TLS version, cipher and ALPN are \
                            the request's `proxyTls()`; a CRC32C TLV is verified; the others \
                            are skipped (gunicorn reads no TLVs).""")
                    .build());

    /** Senders allowed to send a PROXY header. */
    public static final Setting<List<String>> PROXY_ALLOW_IPS = register(
            Setting.builder("proxy_allow_ips", ValueParsers.addressList())
                    .flags("--proxy-allow-from").section(SERVER_MECHANICS)
                    .defaultValue(ProxySettings.LOCALHOST)
                    .defaultText("127.0.0.1,::1")
                    .summary("Senders (IP addresses, CIDR networks, or *) allowed to send a PROXY protocol header.")
                    .description("""
                            The senders allowed to start a connection with a PROXY protocol \
                            header: IP addresses and CIDR networks separated by commas, or `*`. \
                            A peer on a Unix socket is always allowed. Any other sender's \
                            header is answered with 403 Forbidden.""")
                    .build());

    // ================================================================== Logging

    /** Access log target. */
    public static final Setting<Optional<String>> ACCESSLOG = register(
            Setting.builder("accesslog",
                            ValueParsers.optional(ValueParsers.path("FILE", "expected a file path or - (stdout)", "-")))
                    .flags("--access-logfile").section(LOGGING).defaultValue(Optional.empty())
                    .defaultText("none (no access log)")
                    .summary("Write the access log to this file; - means standard output.")
                    .description("""
                            Write one line per request to this file; `-` means standard \
                            output. By default there is no access log.""")
                    .build());

    /** Access log line format. */
    public static final Setting<String> ACCESS_LOG_FORMAT = register(
            Setting.builder("access_log_format",
                            ValueParsers.text("FORMAT", "expected a format without control characters", false))
                    .flags("--access-logformat").section(LOGGING)
                    .defaultValue("%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s \"%(f)s\" \"%(a)s\"")
                    .summary("The format of access log lines, with gunicorn's %(name)s atoms.")
                    .description("""
                            The format of each access log line. It uses gunicorn's atoms, \
                            written `%(name)s`: for example `h` the remote address, `t` the \
                            time, `r` the request line, `s` the status, `b` the response \
                            length, `f` the referer, `a` the user agent, `D` the duration in \
                            microseconds, `{name}i` a request header, and \
                            `{tls_protocol}e` and `{tls_cipher}e` the TLS protocol and cipher \
                            suite of the connection (`-` without TLS). See docs/logging.md for \
                            every atom.""")
                    .build());

    /** JSON access log lines. */
    public static final Setting<Boolean> ACCESS_LOG_JSON = register(
            Setting.builder("access_log_json", ValueParsers.bool())
                    .flags("--access-log-json").section(LOGGING).defaultValue(false)
                    .summary("Write the access log as one JSON object per line instead of access_log_format.")
                    .description("""
                            Write each access log line as a JSON object, with log4j's JSON \
                            Template Layout, instead of the text of `access_log_format`: \
                            `{"time":…,"bytes":13,"duration_us":412,"method":"GET",…,\
                            "status":200,…}` with the fields `bytes`, `duration_us`, \
                            `method`, `path`, `pid`, `protocol`, `query`, `referer`, \
                            `remote_addr`, `request`, `status`, `tls_cipher`, `tls_protocol`, \
                            `user` and `user_agent`. \
                            Numbers are JSON numbers and fields without a value are left out. Syslog still receives the \
                            text line. New in Loomicorn (gunicorn #2457).""")
                    .build());

    /** Error log target. */
    public static final Setting<String> ERRORLOG = register(
            Setting.builder("errorlog",
                            ValueParsers.path("FILE", "expected a file path or - (stderr)", "-"))
                    .flags("--error-logfile", "--log-file").section(LOGGING).defaultValue("-")
                    .summary("Write the error log to this file; - means standard error.")
                    .description("""
                            Write the error log (the server's own messages) to this file; `-` \
                            means standard error.""")
                    .build());

    /** Error log level. */
    public static final Setting<String> LOGLEVEL = register(
            Setting.builder("loglevel",
                            ValueParsers.choice("LEVEL", "debug", "info", "warning", "error", "critical"))
                    .flags("--log-level").section(LOGGING).defaultValue("info")
                    .summary("The least severe messages the error log keeps: debug, info, warning, error or critical.")
                    .description("""
                            The least severe messages the error log keeps: `debug`, `info`, \
                            `warning`, `error` or `critical`. Any other word is an error \
                            (gunicorn silently uses `info` instead).""")
                    .build());

    /** Redirect stdout and stderr to the error log. */
    public static final Setting<Boolean> CAPTURE_OUTPUT = register(
            Setting.builder("capture_output", ValueParsers.bool())
                    .flags("--capture-output").section(LOGGING).defaultValue(false)
                    .summary("Send the workers' standard output and error to the error log file.")
                    .description("""
                            Send what the application writes to standard output and standard \
                            error in the workers to the error log file. Has an effect only \
                            when `errorlog` names a file.""")
                    .build());

    /** Logging configuration file. */
    public static final Setting<Optional<String>> LOGCONFIG = register(
            Setting.builder("logconfig", ValueParsers.optional(ValueParsers.existingFile()))
                    .flags("--log-config").section(LOGGING).defaultValue(Optional.empty())
                    .summary("A Log4j 2 configuration file that replaces the built-in logging setup.")
                    .description("""
                            A Log4j 2 configuration file that replaces Loomicorn's own logging \
                            setup, for full control over appenders and formats. It must exist; \
                            the setting holds its absolute path.""")
                    .build());

    /** Send logs to syslog. */
    public static final Setting<Boolean> SYSLOG = register(
            Setting.builder("syslog", ValueParsers.bool())
                    .flags("--log-syslog").section(LOGGING).defaultValue(false)
                    .summary("Also send log messages to syslog.")
                    .description("""
                            Also send log messages to syslog, at `syslog_addr`. Access lines \
                            go too, unless `disable_redirect_access_to_syslog` is set.""")
                    .build());

    /** Syslog destination. */
    public static final Setting<String> SYSLOG_ADDR = register(
            Setting.builder("syslog_addr", ValueParsers.syslogAddress())
                    .flags("--log-syslog-to").section(LOGGING).defaultValue("udp://localhost:514")
                    .summary("Where syslog messages go: udp://HOST:PORT, tcp://HOST:PORT or unix://PATH.")
                    .description("""
                            Where syslog messages are sent: `udp://HOST:PORT`, \
                            `tcp://HOST:PORT`, or `unix://PATH` for a local socket, optionally \
                            followed by `#dgram` or `#stream` to choose the socket type.""")
                    .build());

    /** Syslog program name. */
    public static final Setting<Optional<String>> SYSLOG_PREFIX = register(
            Setting.builder("syslog_prefix",
                            ValueParsers.optional(ValueParsers.text("NAME", "expected a non-empty name", false)))
                    .flags("--log-syslog-prefix").section(LOGGING).defaultValue(Optional.empty())
                    .defaultText("the process name")
                    .summary("The program name in syslog messages.")
                    .description("""
                            The program name syslog messages carry. By default it is derived \
                            from the process name (`proc_name`, else the application).""")
                    .build());

    /** Syslog facility. */
    public static final Setting<String> SYSLOG_FACILITY = register(
            Setting.builder("syslog_facility", ValueParsers.choice("FACILITY",
                            "auth", "authpriv", "cron", "daemon", "ftp", "kern", "lpr", "mail", "news",
                            "security", "syslog", "user", "uucp",
                            "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"))
                    .flags("--log-syslog-facility").section(LOGGING).defaultValue("user")
                    .summary("The syslog facility of the messages, such as user, daemon or local0.")
                    .description("""
                            The syslog facility messages are sent with: one of `auth`, \
                            `authpriv`, `cron`, `daemon`, `ftp`, `kern`, `lpr`, `mail`, `news`, \
                            `security`, `syslog`, `user`, `uucp` and `local0` to `local7`.""")
                    .build());

    /** Keep access lines out of syslog. */
    public static final Setting<Boolean> DISABLE_REDIRECT_ACCESS_TO_SYSLOG = register(
            Setting.builder("disable_redirect_access_to_syslog", ValueParsers.bool())
                    .flags("--disable-redirect-access-to-syslog").section(LOGGING).defaultValue(false)
                    .summary("Do not send access log lines to syslog.")
                    .description("""
                            Keep access log lines out of syslog when `syslog` is on; only the \
                            error log goes there.""")
                    .build());

    /** Where statsd metrics go. */
    public static final Setting<Optional<String>> STATSD_HOST = register(
            Setting.builder("statsd_host", ValueParsers.optional(ValueParsers.statsdAddress()))
                    .flags("--statsd-host").section(LOGGING).defaultValue(Optional.empty())
                    .defaultText("none (no statsd)")
                    .summary("Send gunicorn's statsd metrics to HOST:PORT (UDP) or unix:PATH.")
                    .description("""
                            Send statsd metrics, under gunicorn's names, to `HOST:PORT` over \
                            UDP (`HOST` alone means port 8125) or to a Unix datagram socket, \
                            `unix:PATH`: `gunicorn.requests`, `gunicorn.request.status.NNN`, \
                            `gunicorn.request.duration` (a timer in milliseconds, one per \
                            request), `gunicorn.workers` and `gunicorn.log.LEVEL` for the \
                            error log's warnings, errors, critical messages and exceptions. \
                            The workers count into memory they share with the master, which \
                            sends what changed once a second; a statsd server that is down \
                            costs the requests nothing. See docs/operations.md.""")
                    .build());

    /** dogstatsd tags appended to every statsd line. */
    public static final Setting<String> DOGSTATSD_TAGS = register(
            Setting.builder("dogstatsd_tags", ValueParsers.text("TAGS", "expected tags such as env:prod,app:shop", true))
                    .flags("--dogstatsd-tags").section(LOGGING).defaultValue("")
                    .summary("Datadog tags appended to each statsd metric, e.g. env:prod,app:shop.")
                    .description("""
                            A comma-separated list of Datadog (dogstatsd) tags, such as \
                            `env:prod,app:shop`, appended to every statsd metric as \
                            `|#env:prod,app:shop`, as gunicorn does.""")
                    .build());

    /** Prefix of statsd metric names. */
    public static final Setting<String> STATSD_PREFIX = register(
            Setting.builder("statsd_prefix", ValueParsers.text("PREFIX", "expected a metric name prefix", true))
                    .flags("--statsd-prefix").section(LOGGING).defaultValue("")
                    .summary("A prefix for statsd metric names (a dot is added after it).")
                    .description("""
                            A prefix for the statsd metric names; a trailing dot is added as \
                            gunicorn adds it (`shop` and `shop.` both give \
                            `shop.gunicorn.requests`).""")
                    .build());

    // ================================================================== Control

    /** The master's admin endpoint. */
    public static final Setting<Optional<String>> ADMIN_BIND = register(
            Setting.builder("admin_bind", ValueParsers.optional(ValueParsers.adminAddress()))
                    .flags("--admin-bind").section(CONTROL).defaultValue(Optional.empty())
                    .defaultText("none (off)")
                    .summary("Serve /livez, /readyz, /metrics and /status from the master at HOST:PORT or unix:PATH.")
                    .description("""
                            Where the master serves its admin endpoint: `HOST:PORT`, \
                            `[IPv6]:PORT` or `unix:PATH`. Off by default. `/livez` answers 200 \
                            while the master's loop runs; `/readyz` 200 while enough workers \
                            serve (`admin_ready_percent`), and 503 from the moment the master \
                            gets TERM; `/metrics` the Prometheus text format; `/status` JSON \
                            with each worker and a summary of the settings. The master serves \
                            it itself, apart from the workers, so it answers while every \
                            worker is busy or stuck; it never runs the application. Bind it to \
                            a private address: it has no authentication. See \
                            docs/operations.md.""")
                    .build());

    /** The share of workers /readyz requires. */
    public static final Setting<Integer> ADMIN_READY_PERCENT = register(
            Setting.builder("admin_ready_percent", ValueParsers.integer("PERCENT", 0, 100))
                    .flags("--admin-ready-percent").section(CONTROL).defaultValue(50)
                    .summary("/readyz is 200 while at least this percentage of workers serve (at least one).")
                    .description("""
                            `/readyz` answers 200 while at least this percentage of the \
                            workers the master keeps (`workers`, changed by TTIN and TTOU), \
                            rounded up and at least one, are booted and not draining; 503 \
                            otherwise, and always once a stop began. With the default, 50, a \
                            server of 4 workers stays ready while one of them is replaced \
                            after a crash; 100 takes it out of the load balancer then.""")
                    .build());

    /** The control socket for loomicorn ctl. */
    public static final Setting<Optional<String>> CONTROL_SOCKET = register(
            Setting.builder("control_socket", ValueParsers.optional(ValueParsers.path("PATH", "expected a file path")))
                    .flags("--control-socket").section(CONTROL).defaultValue(Optional.empty())
                    .defaultText("none (off)")
                    .summary("A Unix socket where the master takes loomicorn ctl commands.")
                    .description("""
                            A Unix socket the master creates for `loomicorn ctl` (`status`, \
                            `workers`, `add N`, `remove N`, `reload`, `reopen-logs`, \
                            `stop [--graceful]`), which act as the signals do. Off by \
                            default: gunicorn's socket, on by default, broke read-only \
                            containers. The file is removed when the master exits.""")
                    .build());

    /** The control socket's file mode. */
    public static final Setting<Integer> CONTROL_SOCKET_MODE = register(
            Setting.builder("control_socket_mode", ValueParsers.fileMode())
                    .flags("--control-socket-mode").section(CONTROL).defaultValue(0600)
                    .summary("The control socket's file mode (0600: its owner only).")
                    .description("""
                            The file mode of the control socket. Whoever may connect to it \
                            may stop the server; the default, `0600`, lets only the user the \
                            master runs as.""")
                    .build());

    // ================================================================== Process Naming

    /** The server's name. */
    public static final Setting<Optional<String>> PROC_NAME = register(
            Setting.builder("proc_name",
                            ValueParsers.optional(ValueParsers.text("NAME", "expected a non-empty name", false)))
                    .flags("-n", "--name").section(PROCESS_NAMING).defaultValue(Optional.empty())
                    .defaultText("the application")
                    .summary("A name for this server in logs and process listings.")
                    .description("""
                            A name for this server, so that process listings and syslog tell \
                            servers apart. It is the default syslog program name \
                            (`syslog_prefix`); the master's process name, which `ps -e`, `top` \
                            and `pgrep NAME` show (the kernel keeps 15 bytes); and \
                            `-Dloomicorn.proc_name=NAME`, first on each worker JVM's command \
                            line, which `ps -f` and `pgrep -f` show. A JVM cannot rewrite its \
                            command line, so there is no gunicorn-style `master [NAME]` title. \
                            Unset, the master keeps the name `java` and the workers carry the \
                            application's name.""")
                    .build());

    // ================================================================== Server Hooks

    /** The hooks class. */
    public static final Setting<Optional<String>> HOOKS = register(
            Setting.builder("hooks", ValueParsers.optional(ValueParsers.className()))
                    .flags("--hooks").section(SERVER_HOOKS).defaultValue(Optional.empty())
                    .summary("A class implementing io.loomicorn.hooks.Hooks, called at points of the server's life.")
                    .description("""
                            The fully qualified name of a class that implements \
                            `io.loomicorn.hooks.Hooks`, with a public no-argument constructor. \
                            Its methods are called at points of the server's life, as \
                            gunicorn's hook functions are (`on_starting`, `post_fork`, \
                            `worker_exit` and the others); it is loaded from `classpath`. New \
                            in Loomicorn: gunicorn's hooks are Python callables in the config \
                            file, which HOCON cannot hold.""")
                    .build());

    // ================================================================== lookup

    /** The built-in settings, in declaration order. */
    private static final List<Setting<?>> CORE = List.copyOf(ALL);
    /** Every setting: the built-in ones, then those worker classes declared (replaced whole on registration). */
    private static volatile List<Setting<?>> all = CORE;
    private static volatile Map<String, Setting<?>> byName = index(CORE);
    /** The worker class that declared each worker-class setting. */
    private static final Map<String, String> DECLARED_BY = new LinkedHashMap<>();

    private static <T> Setting<T> register(Setting<T> setting) {
        ALL.add(setting);
        return setting;
    }

    private static Map<String, Setting<?>> index(List<Setting<?>> settings) {
        Map<String, Setting<?>> index = new LinkedHashMap<>();
        for (Setting<?> setting : settings) {
            if (index.put(setting.name(), setting) != null) {
                throw new IllegalStateException("two settings are named " + setting.name());
            }
        }
        return Collections.unmodifiableMap(index);
    }

    /**
     * Adds the settings a worker class declares ({@code WorkerFactory.settings()}), so that
     * the command line, the config file, validation, {@code --print-config} and the
     * documentation know them. Registering the same declarations again does nothing.
     *
     * @param workerClass the worker class's name, for messages and the documentation
     * @param declared    its settings
     * @throws IllegalArgumentException with one line when a name is taken by a built-in
     *                                  setting or by another worker class
     */
    public static synchronized void registerWorkerSettings(String workerClass, List<WorkerSetting<?>> declared) {
        List<Setting<?>> added = new ArrayList<>();
        for (WorkerSetting<?> w : declared) {
            String owner = DECLARED_BY.get(w.name());
            if (workerClass.equals(owner)) {
                continue;
            }
            if (owner != null || byName.containsKey(w.name())) {
                throw new IllegalArgumentException("Error: worker class " + workerClass + " declares the setting "
                        + w.name() + ", which " + (owner == null ? "Loomicorn" : "worker class " + owner)
                        + " already has");
            }
            added.add(WorkerSettings.toSetting(workerClass, w));
        }
        if (added.isEmpty()) {
            return;
        }
        List<Setting<?>> next = new ArrayList<>(all);
        next.addAll(added);
        Map<String, Setting<?>> nextIndex = index(next);
        for (Setting<?> setting : added) {
            DECLARED_BY.put(setting.name(), workerClass);
        }
        byName = nextIndex;
        all = Collections.unmodifiableList(next);
    }

    /**
     * Returns the worker class that declared a setting.
     *
     * @param setting a setting
     * @return the worker class's name, or empty for a built-in setting
     */
    public static synchronized Optional<String> declaredBy(Setting<?> setting) {
        return Optional.ofNullable(DECLARED_BY.get(setting.name()));
    }

    /**
     * Returns every setting, in documentation order: the built-in ones, then those of
     * worker classes.
     *
     * @return an unmodifiable list
     */
    public static List<Setting<?>> all() {
        return all;
    }

    /**
     * Returns the names of every setting, in documentation order.
     *
     * @return an unmodifiable ordered set
     */
    public static java.util.Set<String> names() {
        return byName.keySet();
    }

    /**
     * Looks a setting up by its name (its HOCON key).
     *
     * @param name for example {@code max_requests}
     * @return the setting, or empty when there is none of that name
     */
    public static Optional<Setting<?>> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
