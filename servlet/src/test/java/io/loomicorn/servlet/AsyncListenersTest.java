package io.loomicorn.servlet;

import io.loomicorn.servlet.bootstrap.Startup;
import io.loomicorn.servlet.context.ServerFacts;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code AsyncListener} events and the async state rules, on the request's own thread. */
class AsyncListenersTest {

    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    /** Records every event with the response's commit state. */
    static final class Recorder implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            EVENTS.add("complete committed=" + event.getSuppliedResponse().isCommitted());
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            EVENTS.add("timeout");
        }

        @Override
        public void onError(AsyncEvent event) {
            EVENTS.add("error " + event.getThrowable().getMessage());
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            EVENTS.add("start-again");
        }
    }

    /** Async behaviours by path info. */
    public static final class Async extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getDispatcherType() == DispatcherType.ASYNC) {
                if (req.getPathInfo().equals("/fails")) {
                    throw new IllegalStateException("the async dispatch failed");
                }
                resp.getWriter().print("dispatched");
                return;
            }
            AsyncContext ctx = req.startAsync();
            ctx.addListener(new Recorder());
            switch (req.getPathInfo()) {
                case "/complete" -> ctx.start(() -> {
                    try {
                        ctx.getResponse().getWriter().print("done");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    ctx.complete();
                    ctx.complete(); // a second complete is ignored
                    try {
                        ctx.dispatch();
                        EVENTS.add("dispatch after complete allowed");
                    } catch (IllegalStateException e) {
                        EVENTS.add("dispatch after complete refused");
                    }
                });
                case "/fails" -> ctx.start(ctx::dispatch);
                default -> throw new IllegalArgumentException(req.getPathInfo());
            }
        }
    }

    /** Registers {@link Async} at {@code /a/*}. */
    public static final class Init implements ServletContainerInitializer {
        @Override
        public void onStartup(Set<Class<?>> c, ServletContext ctx) {
            var r = ctx.addServlet("async", Async.class);
            r.addMapping("/a/*");
            r.setAsyncSupported(true);
            ctx.addServlet("sync", Async.class).addMapping("/sync/*");
        }
    }

    private ServletApp app;

    @BeforeEach
    void start() throws Exception {
        EVENTS.clear();
        app = new Startup(new ServerFacts(getClass().getClassLoader(), List.of(), System.getLogger("test"), "", 0, 1, 0))
                .start(Init.class).map(ServletApp::new).orElseThrow();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private MemoryExchange.MemoryResponse get(String target) throws Exception {
        MemoryExchange.MemoryResponse res = new MemoryExchange.MemoryResponse();
        app.handle(new MemoryExchange.MemoryRequest("GET", target, "", "http", 80, ""), res);
        return res;
    }

    @Test
    void completeRunsOnCompleteOnceTheResponseIsSent() throws Exception {
        MemoryExchange.MemoryResponse r = get("/a/complete");
        assertThat(r.text()).isEqualTo("done");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (EVENTS.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // The task's own line may come before or after the request thread completes.
        assertThat(EVENTS).containsExactlyInAnyOrder("dispatch after complete refused", "complete committed=true");
    }

    @Test
    void aFailingAsyncDispatchTellsTheListenersThenAnswers500() throws Exception {
        MemoryExchange.MemoryResponse r = get("/a/fails");
        assertThat(r.status()).isEqualTo(500);
        assertThat(EVENTS).containsExactly("error the async dispatch failed", "complete committed=true");
    }

    @Test
    void aServletWithoutAsyncSupportCannotStartAsync() throws Exception {
        MemoryExchange.MemoryResponse r = get("/sync/complete");
        assertThat(r.status()).isEqualTo(500);
        assertThat(EVENTS).isEmpty();
    }
}
