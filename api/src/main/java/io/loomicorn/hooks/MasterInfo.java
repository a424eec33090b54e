package io.loomicorn.hooks;

import io.loomicorn.app.SettingsView;

import java.util.List;

/** What master hooks can see of the master: gunicorn passes its arbiter to the same hooks. */
public interface MasterInfo {

    /** Returns the master's process id. */
    long pid();

    /** Returns the resolved settings in force. */
    SettingsView settings();

    /** Returns the target number of workers. */
    int targetWorkers();

    /** Returns the live workers, oldest first. */
    List<WorkerInfo> workers();
}
