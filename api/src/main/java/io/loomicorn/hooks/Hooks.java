package io.loomicorn.hooks;

import io.loomicorn.app.Request;
import io.loomicorn.app.Response;
import io.loomicorn.app.SettingsView;

import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Server hooks: gunicorn's {@code on_starting}, {@code post_fork}, {@code pre_request}
 * and the rest, as one interface whose methods do nothing by default.
 *
 * <p>Name an implementation with the {@code hooks} setting (a class with a public
 * no-argument constructor); override the methods you need. Each hook runs in the
 * process where gunicorn runs it: master hooks receive a {@link MasterInfo}, worker
 * hooks run inside the worker JVM. Both processes create their own instance. A hook
 * that throws is logged and otherwise ignored, except where its documentation says
 * the exception stops the process.
 */
public interface Hooks {

    /** Master, once, before the listeners are bound (after the pidfile is written). */
    default void onStarting(MasterInfo master) {
    }

    /**
     * Master, on HUP (after the configuration was re-read, before the pid file is rewritten)
     * and on a code change with {@code reload}; before the new workers spawn.
     */
    default void onReload(MasterInfo master) {
    }

    /** Master, once, after the listeners are bound and before the first worker spawns. */
    default void whenReady(MasterInfo master) {
    }

    /** Master, just before each worker JVM is started. */
    default void preFork(MasterInfo master, WorkerInfo worker) {
    }

    /**
     * Worker, first thing after it starts, before the application loads.
     * An exception here is a boot failure.
     */
    default void postFork(WorkerInfo worker) {
    }

    /** Worker, after the application loaded and before serving. An exception here is a boot failure. */
    default void postWorkerInit(WorkerInfo worker) {
    }

    /** Worker, on INT (fast stop), just before it exits. */
    default void workerInt(WorkerInfo worker) {
    }

    /** Worker, when the master aborts it after {@code timeout} (WORKER TIMEOUT), before its thread dump. */
    default void workerAbort(WorkerInfo worker) {
    }

    /**
     * Master, before it re-executes itself. The JVM reserves SIGUSR2, which gunicorn uses
     * for that upgrade, so Loomicorn never re-executes and never calls this hook; it
     * exists so that configurations written for gunicorn's hook list translate one to one.
     */
    default void preExec(MasterInfo master) {
    }

    /**
     * Worker, once at boot when {@code certfile} turns TLS on: returns the {@link SSLContext}
     * every TLS connection of the worker uses (gunicorn's
     * {@code ssl_context(config, default_ssl_context_factory)}). {@code defaultContext}
     * builds Loomicorn's own, from {@code certfile}, {@code keyfile} and {@code ca_certs};
     * {@code parameters} (protocols, cipher suites, client authentication, ALPN) may be
     * changed in place. An exception here is a boot failure.
     */
    default SSLContext sslContext(SettingsView settings, Supplier<SSLContext> defaultContext,
                                  SSLParameters parameters) {
        return defaultContext.get();
    }

    /** Worker, before the application handles a request. An exception becomes a 500. */
    default void preRequest(WorkerInfo worker, Request request) {
    }

    /** Worker, after each request, whether it succeeded or failed. */
    default void postRequest(WorkerInfo worker, Request request, Response response) {
    }

    /** Master, after a worker process exited and was reaped. */
    default void childExit(MasterInfo master, WorkerInfo worker) {
    }

    /** Worker, when it is about to exit after serving. */
    default void workerExit(WorkerInfo worker) {
    }

    /**
     * Master, whenever the target number of workers changes: at start, on TTIN, TTOU and
     * reload.
     *
     * @param master   the master
     * @param newValue the new target
     * @param oldValue the previous target, or -1 at start
     */
    default void nworkersChanged(MasterInfo master, int newValue, int oldValue) {
    }

    /** Master, just before it exits. */
    default void onExit(MasterInfo master) {
    }
}
