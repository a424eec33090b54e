package io.loomicorn.e2e;

import io.loomicorn.app.Request;
import io.loomicorn.app.Response;
import io.loomicorn.hooks.Hooks;
import io.loomicorn.hooks.MasterInfo;
import io.loomicorn.hooks.WorkerInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Test hooks that append "hook pid" to the file named by {@code HOOKS_LOG}, from whichever process runs them. */
public final class RecordingHooks implements Hooks {

    /** Required public no-argument constructor. */
    public RecordingHooks() {
    }

    private static void record(String hook, String detail) {
        String line = hook + " " + ProcessHandle.current().pid() + " " + detail + "\n";
        try {
            Files.writeString(Path.of(System.getenv("HOOKS_LOG")), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void onStarting(MasterInfo master) {
        record("on_starting", "master=" + master.pid() + pidfile(master));
    }

    /** What the pid file holds now, if one is configured: {@code on_starting} runs after it is written. */
    private static String pidfile(MasterInfo master) {
        if (!(master.settings().value("pidfile") instanceof Optional<?> file) || file.isEmpty()) {
            return "";
        }
        try {
            return " pidfile=" + Files.readString(Path.of(file.get().toString())).strip();
        } catch (IOException e) {
            return " pidfile=absent";
        }
    }

    @Override
    public void onReload(MasterInfo master) {
        record("on_reload", "master=" + master.pid());
    }

    @Override
    public void whenReady(MasterInfo master) {
        record("when_ready", "master=" + master.pid());
    }

    @Override
    public void preFork(MasterInfo master, WorkerInfo worker) {
        record("pre_fork", "age=" + worker.age());
    }

    @Override
    public void postFork(WorkerInfo worker) {
        record("post_fork", "worker=" + worker.pid());
    }

    @Override
    public void postWorkerInit(WorkerInfo worker) {
        record("post_worker_init", "worker=" + worker.pid());
    }

    @Override
    public void workerInt(WorkerInfo worker) {
        record("worker_int", "worker=" + worker.pid());
    }

    @Override
    public void workerAbort(WorkerInfo worker) {
        record("worker_abort", "worker=" + worker.pid());
    }

    @Override
    public void preRequest(WorkerInfo worker, Request request) {
        record("pre_request", request.path());
    }

    @Override
    public void postRequest(WorkerInfo worker, Request request, Response response) {
        record("post_request", request.path() + " " + response.status());
    }

    @Override
    public void childExit(MasterInfo master, WorkerInfo worker) {
        record("child_exit", "worker=" + worker.pid());
    }

    @Override
    public void workerExit(WorkerInfo worker) {
        record("worker_exit", "worker=" + worker.pid());
    }

    @Override
    public void nworkersChanged(MasterInfo master, int newValue, int oldValue) {
        record("nworkers_changed", oldValue + "->" + newValue);
    }

    @Override
    public void onExit(MasterInfo master) {
        record("on_exit", "master=" + master.pid());
    }
}
