package io.loomicorn.e2e;

import io.loomicorn.app.App;

/**
 * A test application that writes to {@code System.out} and {@code System.err} on every
 * request: {@code /print?x} prints {@code stdout x} and {@code stderr x}.
 */
public final class PrintingApp {

    private PrintingApp() {
    }

    /** The application. */
    public static final App APP = (request, response) -> {
        System.out.println("stdout " + request.query());
        System.err.println("stderr " + request.query());
        response.send("printed");
    };
}
