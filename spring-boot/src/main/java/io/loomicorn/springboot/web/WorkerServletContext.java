package io.loomicorn.springboot.web;

import io.loomicorn.app.SettingsView;
import io.loomicorn.servlet.context.AppContext;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands the worker's servlet context from {@link io.loomicorn.springboot.SpringBootAdapter},
 * which creates it before the Spring application runs, to the web server factory, which Boot
 * asks for a web server while it refreshes the application context. One per worker JVM: a
 * worker serves one application.
 */
public final class WorkerServletContext {

    /**
     * What the worker offers.
     *
     * @param context  the worker's servlet context, not started
     * @param settings Loomicorn's resolved settings
     */
    public record Offer(AppContext context, SettingsView settings) {
    }

    private static final AtomicReference<Offer> OFFERED = new AtomicReference<>();

    private WorkerServletContext() {
    }

    /**
     * Offers the context for the application about to start.
     *
     * @param offer the context and the settings
     */
    public static void offer(Offer offer) {
        OFFERED.set(offer);
    }

    /**
     * Takes the offer; a second web server in the same worker (a management server on its own
     * port) finds none.
     *
     * @return the offer, or null
     */
    static Offer take() {
        return OFFERED.getAndSet(null);
    }

    /**
     * Withdraws an offer that no web server took.
     *
     * @return true if the offer was still there: the application started no web server
     */
    public static boolean withdraw() {
        return OFFERED.getAndSet(null) != null;
    }
}
