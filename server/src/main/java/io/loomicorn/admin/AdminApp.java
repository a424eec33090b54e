package io.loomicorn.admin;

import io.loomicorn.app.App;
import io.loomicorn.app.Request;
import io.loomicorn.app.Response;
import io.loomicorn.metrics.MasterView;
import io.loomicorn.metrics.MetricsLedger;
import io.loomicorn.metrics.PrometheusExposition;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The admin endpoint's routes; an {@link App} that the master's own engine serves.
 * <ul>
 *   <li>{@code /livez}: 200 while the arbiter's loop turns (it publishes its view at least
 *       four times a second; silent for {@value #LOOP_SILENCE_SECONDS} s is 503);</li>
 *   <li>{@code /readyz}: 200 while at least {@code admin_ready_percent} of the target count
 *       of workers (rounded up, at least one) serve; 503 once a stop began;</li>
 *   <li>{@code /metrics}: the Prometheus text format;</li>
 *   <li>{@code /status}: JSON.</li>
 * </ul>
 * Only GET and HEAD (405 otherwise, with {@code Allow}); any other path is 404.
 */
final class AdminApp implements App {

    static final long LOOP_SILENCE_SECONDS = 10;

    private final Supplier<MasterView> view;
    private final MetricsLedger ledger;
    private final PrometheusExposition exposition;
    private final IntSupplier readyPercent;

    AdminApp(Supplier<MasterView> view, MetricsLedger ledger, PrometheusExposition exposition, IntSupplier readyPercent) {
        this.view = view;
        this.ledger = ledger;
        this.exposition = exposition;
        this.readyPercent = readyPercent;
    }

    @Override
    public void handle(Request request, Response response) throws IOException {
        String path = request.path();
        boolean known = switch (path) {
            case "/livez", "/readyz", "/metrics", "/status" -> true;
            default -> false;
        };
        if (!known) {
            response.status(404).send("not found: the admin endpoint serves /livez, /readyz, /metrics and /status\n");
            return;
        }
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            response.status(405).header("Allow", "GET, HEAD").send(request.method() + " is not allowed; use GET\n");
            return;
        }
        response.header("Cache-Control", "no-store");
        switch (path) {
            case "/livez" -> livez(response);
            case "/readyz" -> readyz(response);
            case "/metrics" -> {
                // Written whole first, so that a failure is a 500, not a cut body.
                ByteArrayOutputStream text = new ByteArrayOutputStream(16 * 1024);
                exposition.write(text);
                response.header("Content-Type", PrometheusExposition.CONTENT_TYPE);
                response.send(text.toByteArray());
            }
            default -> {
                response.header("Content-Type", "application/json");
                response.send(StatusJson.render(MasterReport.read(view.get(), ledger)));
            }
        }
    }

    private void livez(Response response) throws IOException {
        long silent = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - view.get().publishedNanos());
        if (silent >= LOOP_SILENCE_SECONDS) {
            response.status(503).send("the master's loop has not turned for " + silent + " s\n");
        } else {
            response.send("ok\n");
        }
    }

    private void readyz(Response response) throws IOException {
        MasterView v = view.get();
        if (v.stopping()) {
            response.status(503).send("stopping\n");
            return;
        }
        int needed = needed(v.target(), readyPercent.getAsInt());
        int serving = v.servingWorkers();
        String text = serving + " of " + v.target() + " workers serve (" + needed + " needed)\n";
        if (serving >= needed && v.target() > 0) {
            response.send("ready: " + text);
        } else {
            response.status(503).send("not ready: " + text);
        }
    }

    /** How many serving workers make the master ready: the percentage of the target, rounded up, at least one. */
    static int needed(int target, int percent) {
        return Math.max(1, (int) Math.ceil(target * percent / 100.0));
    }
}
