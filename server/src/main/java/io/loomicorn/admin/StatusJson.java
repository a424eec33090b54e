package io.loomicorn.admin;

import io.loomicorn.internal.JsonStrings;
import io.loomicorn.metrics.MasterView;

import java.util.Map;

/** {@code /status}: the master, each worker and a summary of the settings, as JSON. */
final class StatusJson {

    private StatusJson() {
    }

    static String render(MasterReport report) {
        MasterView v = report.view();
        StringBuilder out = new StringBuilder(1024);
        out.append("{\"master\":{");
        field(out, "pid", v.pid()).append(',');
        field(out, "version", v.version()).append(',');
        field(out, "uptime_seconds", report.uptimeSeconds()).append(',');
        field(out, "generation", v.generation()).append(',');
        field(out, "target_workers", v.target()).append(',');
        field(out, "serving_workers", v.servingWorkers()).append(',');
        field(out, "stopping", v.stopping()).append(',');
        field(out, "reloading", v.reloading()).append(',');
        field(out, "requests", report.requests()).append(',');
        JsonStrings.append(out, "listeners").append(":[");
        for (int i = 0; i < v.listeners().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            JsonStrings.append(out, v.listeners().get(i).url());
        }
        out.append("]},\"workers\":[");
        for (int i = 0; i < report.workers().size(); i++) {
            MasterReport.Row r = report.workers().get(i);
            MasterView.Worker w = r.worker();
            out.append(i > 0 ? ",{" : "{");
            field(out, "slot", w.slot()).append(',');
            field(out, "pid", w.pid()).append(',');
            field(out, "age", w.age()).append(',');
            field(out, "generation", w.generation()).append(',');
            field(out, "state", w.state()).append(',');
            field(out, "up_seconds", r.upSeconds()).append(',');
            field(out, "requests", r.requests()).append(',');
            field(out, "in_flight", r.inFlight()).append(',');
            field(out, "busy", r.busy()).append(',');
            JsonStrings.append(out, "rss_bytes").append(':');
            out.append(r.rssBytes() < 0 ? "null" : Long.toString(r.rssBytes()));
            out.append('}');
        }
        out.append("],\"settings\":{");
        boolean first = true;
        for (Map.Entry<String, Object> e : v.settings().entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            field(out, e.getKey(), e.getValue());
        }
        return out.append("}}\n").toString();
    }

    private static StringBuilder field(StringBuilder out, String name, Object value) {
        JsonStrings.append(out, name).append(':');
        return switch (value) {
            case null -> out.append("null");
            case Number n -> out.append(n);
            case Boolean b -> out.append(b);
            case java.util.List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    JsonStrings.append(out, String.valueOf(list.get(i)));
                }
                yield out.append(']');
            }
            default -> JsonStrings.append(out, value.toString());
        };
    }
}
