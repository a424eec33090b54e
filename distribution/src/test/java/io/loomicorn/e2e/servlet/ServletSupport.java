package io.loomicorn.e2e.servlet;

import io.loomicorn.testing.HttpTestClient;

import java.io.IOException;

/** Helpers shared by the servlet end-to-end tests. */
final class ServletSupport {

    private ServletSupport() {
    }

    /** Waits until a freshly booted worker answers. */
    static void awaitServing(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try (HttpTestClient c = HttpTestClient.connect(port)) {
                c.exchange("GET /echo/ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no answer on port " + port, e);
                }
                Thread.sleep(100);
            }
        }
    }
}
