package io.loomicorn.config;

import static io.loomicorn.config.Section.CONFIG_FILE;
import static io.loomicorn.config.Section.DEBUGGING;
import static io.loomicorn.config.Section.LOGGING;
import static io.loomicorn.config.Section.PROCESS_NAMING;
import static io.loomicorn.config.Section.SECURITY;
import static io.loomicorn.config.Section.SERVER_HOOKS;
import static io.loomicorn.config.Section.SERVER_MECHANICS;
import static io.loomicorn.config.Section.SERVER_SOCKET;
import static io.loomicorn.config.Section.WORKER_PROCESSES;

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
 * set is closed: a key or flag that is not declared here is an error, with a suggestion.
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
                            is `0.0.0.0:$PORT`.""")
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
                            carrier costs the least CPU per request). Virtual threads are not \
                            time-sliced, so with CPU-heavy handlers one carrier makes the slowest \
                            requests wait: `--threads 2` cut p99 from about 700 to 120 ms for \
                            1 ms handlers at 50 connections on 2 cores. `reactor`: its XNIO \
                            I/O threads. `sync` ignores it. A worker class with a pool of threads sizes the pool with it.""")
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
                    .summary("Load and check the application in the master before starting workers.")
                    .description("""
                            Load the application in the master before any worker starts, so \
                            that a missing class or a failing constructor stops the server at \
                            once with a clear message. Worker JVMs are separate processes, so \
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
                            `sendfile = true` means on.""")
                    .build());

    /** Working directory of the application. */
    public static final Setting<Optional<String>> CHDIR = register(
            Setting.builder("chdir", ValueParsers.optional(ValueParsers.existingDirectory()))
                    .flags("--chdir").section(SERVER_MECHANICS).defaultValue(Optional.empty())
                    .defaultText("the current directory")
                    .summary("The working directory of the worker JVMs.")
                    .description("""
                            The working directory of the worker JVMs, where the application \
                            resolves relative paths. It must exist; a relative path is resolved \
                            against the directory Loomicorn was started in, and the setting \
                            holds the absolute path. The master itself does not move (a JVM \
                            cannot change its own directory).""")
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
            Setting.builder("pidfile", ValueParsers.optional(ValueParsers.text("FILE", "expected a file path", false)))
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
                            each worker JVM's class path (and the master's, with \
                            `preload_app`). Repeat the flag, or separate entries with `:` as \
                            in `java -cp`; `lib/*` takes every jar in `lib`. In the config \
                            file give a list. This is gunicorn's `pythonpath` on the JVM.""")
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
                            arguments.""")
                    .build());

    /** The JDK AOT cache that makes worker JVMs boot faster. */
    public static final Setting<String> AOT_CACHE = register(
            Setting.builder("aot_cache", ValueParsers.text("auto, off or FILE",
                            "expected auto, off, or the path of an AOT cache file", false))
                    .flags("--aot-cache").section(SERVER_MECHANICS).defaultValue("auto")
                    .summary("A JDK AOT cache for worker JVMs: auto (default), off, or a file.")
                    .description("""
                            Worker JVMs start with a JDK AOT cache (JEP 483, 514) of the classes                             a worker loads and links while it boots, which roughly halves the                             time from spawn to serving. With `auto` the master keeps the cache                             under `worker_tmp_dir` (or the system temporary directory), named                             after a hash of the JDK, the class path and the worker JVM options,                             and builds it once in the background with a training JVM that boots                             like a worker (it loads the application, but serves nothing);                             workers started before it is ready boot without it. A file path                             does the same with that file. `off` disables it. A class path with                             a class folder (not a jar) cannot be cached, and is then run                             without a cache.""")
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

    // ================================================================== Logging

    /** Access log target. */
    public static final Setting<Optional<String>> ACCESSLOG = register(
            Setting.builder("accesslog",
                            ValueParsers.optional(ValueParsers.text("FILE", "expected a file path or - (stdout)", false)))
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
                            microseconds, and `{name}i` a request header.""")
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
                            `remote_addr`, `request`, `status`, `user` and `user_agent`. \
                            Numbers are JSON numbers and fields without a value are left out. Syslog still receives the \
                            text line. New in Loomicorn (gunicorn #2457).""")
                    .build());

    /** Error log target. */
    public static final Setting<String> ERRORLOG = register(
            Setting.builder("errorlog",
                            ValueParsers.text("FILE", "expected a file path or - (stderr)", false))
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

    // ================================================================== Process Naming

    /** The server's name. */
    public static final Setting<Optional<String>> PROC_NAME = register(
            Setting.builder("proc_name",
                            ValueParsers.optional(ValueParsers.text("NAME", "expected a non-empty name", false)))
                    .flags("-n", "--name").section(PROCESS_NAMING).defaultValue(Optional.empty())
                    .defaultText("the application")
                    .summary("A name for this server in logs and process listings.")
                    .description("""
                            A name for this server, used in log messages, as the default \
                            syslog program name, and in the worker JVMs' command line so that \
                            `ps` tells servers apart. A JVM cannot rename its own process, so \
                            unlike gunicorn the process title itself does not change.""")
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

    private static final List<Setting<?>> ALL_VIEW = Collections.unmodifiableList(ALL);
    private static final Map<String, Setting<?>> BY_NAME = index();

    private static <T> Setting<T> register(Setting<T> setting) {
        ALL.add(setting);
        return setting;
    }

    private static Map<String, Setting<?>> index() {
        Map<String, Setting<?>> byName = new LinkedHashMap<>();
        for (Setting<?> setting : ALL) {
            if (byName.put(setting.name(), setting) != null) {
                throw new IllegalStateException("two settings are named " + setting.name());
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    /**
     * Returns every setting, in declaration (documentation) order.
     *
     * @return an unmodifiable list
     */
    public static List<Setting<?>> all() {
        return ALL_VIEW;
    }

    /**
     * Returns the names of every setting, in declaration (documentation) order.
     *
     * @return an unmodifiable ordered set
     */
    public static java.util.Set<String> names() {
        return BY_NAME.keySet();
    }

    /**
     * Looks a setting up by its name (its HOCON key).
     *
     * @param name for example {@code max_requests}
     * @return the setting, or empty when there is none of that name
     */
    public static Optional<Setting<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }
}
