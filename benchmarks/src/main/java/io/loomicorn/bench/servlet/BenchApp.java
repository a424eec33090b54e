package io.loomicorn.bench.servlet;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The servlet benchmark's application, deployed unchanged on Loomicorn, Jetty and Tomcat: a
 * hello servlet ({@code GET /hello}) and a JSON echo ({@code POST /echo}, the body read and
 * written back as {@code application/json}).
 */
public final class BenchApp implements ServletContainerInitializer {

    /** Creates the initializer. */
    public BenchApp() {
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
        ctx.addServlet("hello", Hello.class).addMapping("/hello");
        ctx.addServlet("echo", JsonEcho.class).addMapping("/echo");
    }

    /** Hello, World. */
    public static final class Hello extends HttpServlet {
        private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.setContentLength(BODY.length);
            resp.getOutputStream().write(BODY);
        }
    }

    /** Reads a JSON body and sends it back. */
    public static final class JsonEcho extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            byte[] body;
            try (InputStream in = req.getInputStream()) {
                body = in.readAllBytes();
            }
            if (body.length == 0 || body[0] != '{') {
                resp.sendError(400, "expected a JSON object");
                return;
            }
            resp.setContentType("application/json");
            resp.getOutputStream().write(body);
        }
    }
}
