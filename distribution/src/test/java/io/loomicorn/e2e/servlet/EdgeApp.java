package io.loomicorn.e2e.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An application for what only Loomicorn can show: the thread a request runs on, a write
 * after completion, uploads bounded by {@code limit_request_body}, sessions across requests,
 * and the default servlet (static resources, welcome files) behind an unmapped {@code /}.
 */
public final class EdgeApp implements ServletContainerInitializer {

    /** What the late writer met when it wrote after {@code complete()}. */
    static final AtomicReference<String> LATE = new AtomicReference<>("nothing yet");

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
        ctx.addServlet("thread", Threads.class).addMapping("/thread");
        ServletRegistration.Dynamic late = ctx.addServlet("late", LateWriter.class);
        late.addMapping("/late/*");
        late.setAsyncSupported(true);
        ServletRegistration.Dynamic upload = ctx.addServlet("upload", Upload.class);
        upload.addMapping("/upload");
        upload.setMultipartConfig(new MultipartConfigElement(null, -1, -1, 8192));
        ctx.addServlet("session", DiffServlets.Session.class).addMapping("/session/*");
        ctx.addServlet("throws", Throws.class).addMapping("/throws");
        ctx.addServlet("log", Logs.class).addMapping("/log");
        ctx.addListener(new jakarta.servlet.ServletContextListener() {
            @Override
            public void contextInitialized(jakarta.servlet.ServletContextEvent sce) {
                sce.getServletContext().log("edge: context initialized");
            }

            @Override
            public void contextDestroyed(jakarta.servlet.ServletContextEvent sce) {
                sce.getServletContext().log("edge: context destroyed");
            }
        });
    }

    /** Says which thread serves the request. */
    public static final class Threads extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().print("virtual=" + Thread.currentThread().isVirtual() + " name=" + Thread.currentThread().getName());
        }
    }

    /** Completes the response, then writes to it. */
    public static final class LateWriter extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if ("/result".equals(req.getPathInfo())) {
                resp.getWriter().print(LATE.get());
                return;
            }
            AsyncContext ctx = req.startAsync();
            ctx.start(() -> {
                try {
                    ctx.getResponse().getOutputStream().print("done");
                    ctx.complete();
                    Thread.sleep(200);
                    try {
                        ctx.getResponse().getOutputStream().write("too late".getBytes());
                        LATE.set("the late write was accepted");
                    } catch (IOException | IllegalStateException e) {
                        LATE.set("the late write failed: " + e.getClass().getSimpleName());
                    }
                } catch (IOException | InterruptedException e) {
                    LATE.set("unexpected: " + e);
                }
            });
        }
    }

    /** Counts the bytes of every part. */
    public static final class Upload extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            long total = 0;
            for (Part p : req.getParts()) {
                total += p.getSize();
            }
            resp.getWriter().print("parts=" + req.getParts().size() + " bytes=" + total);
        }
    }

    /** Writes to the context's log; says when it is destroyed. */
    public static final class Logs extends HttpServlet {
        @Override
        public void destroy() {
            log("edge: servlet destroyed");
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            getServletContext().log("the servlet says hello");
            log("a failure, logged", new IllegalStateException("logged on purpose"));
            resp.getWriter().print("logged");
        }
    }

    /** Always throws. */
    public static final class Throws extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            throw new IllegalArgumentException("the servlet threw");
        }
    }
}
