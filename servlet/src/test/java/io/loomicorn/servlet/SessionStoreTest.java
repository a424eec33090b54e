package io.loomicorn.servlet;

import io.loomicorn.servlet.bootstrap.Startup;
import io.loomicorn.servlet.context.ServerFacts;
import io.loomicorn.servlet.session.SessionRecord;
import io.loomicorn.servlet.session.SessionStore;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link SessionStore} outside the worker, as an application installs one: every load
 * returns a copy and only a save makes a change durable, as with a database. Sessions then
 * survive across "workers" (here, two applications sharing the store).
 */
class SessionStoreTest {

    /** Keeps copies, as a database would. */
    static final class CopyingStore implements SessionStore {
        final Map<String, SessionRecord> rows = new ConcurrentHashMap<>();
        final List<String> calls = new ArrayList<>();

        private static SessionRecord copy(SessionRecord r) {
            return new SessionRecord(r.id(), r.creationTime(), r.lastAccessedTime(), r.maxInactiveSeconds(),
                    new HashMap<>(r.attributes()));
        }

        @Override
        public SessionRecord load(String id) {
            calls.add("load");
            SessionRecord r = rows.get(id);
            return r == null ? null : copy(r);
        }

        @Override
        public void save(SessionRecord session) {
            calls.add("save n=" + session.attributes().get("n"));
            rows.put(session.id(), copy(session));
        }

        @Override
        public void delete(String id) {
            calls.add("delete");
            rows.remove(id);
        }

        @Override
        public List<SessionRecord> expire(long now) {
            return List.of();
        }
    }

    static final CopyingStore STORE = new CopyingStore();

    /** Counts in the session; invalidates it on request. */
    public static final class Counter extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            HttpSession s = req.getSession();
            if ("/invalidate".equals(req.getPathInfo())) {
                s.invalidate();
                resp.getWriter().print("invalidated");
                return;
            }
            int n = s.getAttribute("n") == null ? 1 : (Integer) s.getAttribute("n") + 1;
            s.setAttribute("n", n);
            resp.getWriter().print(n);
        }
    }

    /** Installs the store and the servlet. */
    public static final class Init implements ServletContainerInitializer {
        @Override
        public void onStartup(Set<Class<?>> c, ServletContext ctx) {
            ctx.setAttribute(SessionStore.ATTRIBUTE, STORE);
            ctx.addServlet("counter", Counter.class).addMapping("/count/*");
        }
    }

    private ServletApp first;
    private ServletApp second;

    @BeforeEach
    void start() throws Exception {
        STORE.rows.clear();
        STORE.calls.clear();
        // Two workers: with workers = 2, an in-memory store would warn; this one must not matter.
        ServerFacts facts = new ServerFacts(getClass().getClassLoader(), List.of(), System.getLogger("test"), "", 0, 2, 0);
        first = new Startup(facts).start(Init.class).map(ServletApp::new).orElseThrow();
        second = new Startup(facts).start(Init.class).map(ServletApp::new).orElseThrow();
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    private static MemoryExchange.MemoryResponse get(ServletApp app, String target, String cookie) throws Exception {
        MemoryExchange.MemoryRequest req = new MemoryExchange.MemoryRequest("GET", target, "", "http", 80, "");
        if (cookie != null) {
            req.header("Cookie", cookie);
        }
        MemoryExchange.MemoryResponse res = new MemoryExchange.MemoryResponse();
        app.handle(req, res);
        return res;
    }

    @Test
    void aSessionSavedByOneWorkerIsLoadedByAnother() throws Exception {
        MemoryExchange.MemoryResponse r1 = get(first, "/count", null);
        assertThat(r1.text()).isEqualTo("1");
        String setCookie = r1.headers().first("Set-Cookie");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(get(second, "/count", cookie).text()).isEqualTo("2");
        assertThat(get(first, "/count", cookie).text()).isEqualTo("3");
        assertThat(STORE.rows).hasSize(1);
        assertThat(STORE.rows.values().iterator().next().attributes()).containsEntry("n", 3);
        // created and saved at once, then saved again when the request ended; later requests load, then save
        assertThat(STORE.calls).containsExactly("save n=null", "save n=1", "load", "save n=2", "load", "save n=3");
    }

    @Test
    void invalidatingDeletesTheSessionFromTheStore() throws Exception {
        String setCookie = get(first, "/count", null).headers().first("Set-Cookie");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(get(second, "/count/invalidate", cookie).text()).isEqualTo("invalidated");
        assertThat(STORE.rows).isEmpty();
        // The next request finds no session and starts a new one.
        MemoryExchange.MemoryResponse again = get(first, "/count", cookie);
        assertThat(again.text()).isEqualTo("1");
        assertThat(again.headers().first("Set-Cookie")).isNotEqualTo(setCookie);
    }
}
