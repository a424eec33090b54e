package io.loomicorn.admin;

import io.loomicorn.metrics.MasterView;
import io.loomicorn.metrics.MetricsLayout;
import io.loomicorn.metrics.MetricsLedger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code /status} and {@code loomicorn ctl status|workers} show: the master's view
 * joined with each worker's counters and resident memory, read at one moment.
 *
 * @param view    the master's view
 * @param totals  the ledger's totals
 * @param workers one row per live worker, oldest first
 * @param uptimeSeconds how long the master has run
 */
record MasterReport(MasterView view, MetricsLedger.Totals totals, List<Row> workers, long uptimeSeconds) {

    /**
     * One worker.
     *
     * @param worker     its entry in the view
     * @param upSeconds  how long since it was started
     * @param requests   requests it answered
     * @param inFlight   requests it runs now
     * @param rssBytes   its resident memory, or -1
     */
    record Row(MasterView.Worker worker, long upSeconds, long requests, long inFlight, long rssBytes) {

        /** Tells whether it runs a request now. */
        boolean busy() {
            return inFlight > 0;
        }
    }

    static MasterReport read(MasterView view, MetricsLedger ledger) {
        long now = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        for (MasterView.Worker w : view.workers()) {
            long[] values = ledger.worker(w.pid());
            long requests = 0;
            long inFlight = 0;
            if (values != null) {
                for (int slot = MetricsLayout.REQUESTS; slot < MetricsLayout.STATUS; slot++) {
                    requests += values[slot];
                }
                inFlight = values[MetricsLayout.IN_FLIGHT];
            }
            rows.add(new Row(w, TimeUnit.NANOSECONDS.toSeconds(now - w.spawnedNanos()), requests, inFlight,
                    ProcessMemory.rss(w.pid())));
        }
        long uptime = TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis() - view.startedMillis());
        return new MasterReport(view, ledger.totals(), rows, uptime);
    }

    /** Returns every request answered since the master started, retired workers included. */
    long requests() {
        long sum = 0;
        for (int slot = MetricsLayout.REQUESTS; slot < MetricsLayout.STATUS; slot++) {
            sum += totals.get(slot);
        }
        return sum;
    }

    /** Writes a duration as {@code 1h02m}, {@code 5m07s} or {@code 12s}. */
    static String duration(long seconds) {
        if (seconds >= 86400) {
            return seconds / 86400 + "d" + String.format("%02dh", seconds % 86400 / 3600);
        }
        if (seconds >= 3600) {
            return seconds / 3600 + "h" + String.format("%02dm", seconds % 3600 / 60);
        }
        if (seconds >= 60) {
            return seconds / 60 + "m" + String.format("%02ds", seconds % 60);
        }
        return seconds + "s";
    }

    /** The text of {@code loomicorn ctl status}. */
    String statusText() {
        MasterView v = view;
        long booting = v.workers().stream().filter(w -> w.state().equals("booting")).count();
        long stopping = v.workers().stream().filter(w -> w.state().equals("stopping")).count();
        StringBuilder out = new StringBuilder();
        out.append("master ").append(v.pid()).append(", loomicorn ").append(v.version()).append(", up ")
                .append(duration(uptimeSeconds)).append(v.stopping() ? ", stopping" : "")
                .append(v.reloading() ? ", reloading" : "").append('\n');
        out.append("workers: ").append(v.servingWorkers()).append(" of ").append(v.target()).append(" serving (generation ")
                .append(v.generation()).append("), ").append(booting).append(" booting, ").append(stopping)
                .append(" stopping\n");
        out.append("requests: ").append(requests()).append(" answered, ").append(totals.get(MetricsLayout.IN_FLIGHT))
                .append(" in flight\n");
        for (MasterView.Listener l : v.listeners()) {
            out.append("listening: ").append(l.url()).append('\n');
        }
        return out.toString();
    }

    /** The text of {@code loomicorn ctl workers}: a table. */
    String workersText() {
        StringBuilder out = new StringBuilder(String.format("%-5s %-8s %-5s %-4s %-9s %-7s %-9s %-5s %s%n",
                "SLOT", "PID", "AGE", "GEN", "STATE", "UP", "REQUESTS", "BUSY", "RSS"));
        for (Row r : workers) {
            MasterView.Worker w = r.worker();
            out.append(String.format("%-5d %-8d %-5d %-4d %-9s %-7s %-9d %-5s %s%n", w.slot(), w.pid(), w.age(),
                    w.generation(), w.state(), duration(r.upSeconds()), r.requests(), r.busy() ? "yes" : "no",
                    r.rssBytes() < 0 ? "-" : (r.rssBytes() >> 20) + " MiB"));
        }
        return out.toString();
    }
}
