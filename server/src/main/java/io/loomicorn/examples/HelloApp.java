package io.loomicorn.examples;

import io.loomicorn.app.App;
import io.loomicorn.app.Request;
import io.loomicorn.app.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Answers every request with {@code 200 text/plain Hello, World!}: the plaintext benchmark app. */
public final class HelloApp implements App {

    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    /** Creates the app; the public no-argument constructor is what the app loader calls. */
    public HelloApp() {
    }

    @Override
    public void handle(Request request, Response response) throws IOException {
        response.headers().set("Content-Type", "text/plain");
        response.send(BODY);
    }
}
