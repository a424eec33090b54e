package io.loomicorn.servlet;

import io.loomicorn.servlet.bootstrap.Startup;
import io.loomicorn.servlet.context.ServerFacts;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application mounted below a path ({@code root_path}, or a proxy's {@code SCRIPT_NAME})
 * and reached over https through a proxy: the context path, the servlet path and the URLs
 * the servlet builds come from what the App API request says.
 */
class MountedApplicationTest {

    /** Prints paths and URLs; redirects; creates a session. */
    public static final class Paths extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            switch (String.valueOf(req.getPathInfo())) {
                case "/redirect" -> resp.sendRedirect("elsewhere?x=1");
                case "/session" -> resp.getWriter().print(req.getSession().isNew());
                default -> resp.getWriter().print(req.getContextPath() + "|" + req.getServletPath() + "|"
                        + req.getPathInfo() + "|" + req.getRequestURI() + "|" + req.getRequestURL() + "|"
                        + req.getScheme() + "|" + req.isSecure() + "|" + req.getRemoteAddr() + "|"
                        + getServletContext().getContextPath());
            }
        }
    }

    /** Registers {@link Paths} at {@code /api/*}. */
    public static final class Init implements ServletContainerInitializer {
        @Override
        public void onStartup(Set<Class<?>> c, ServletContext ctx) {
            ctx.addServlet("paths", Paths.class).addMapping("/api/*");
        }
    }

    private ServletApp app;

    @BeforeEach
    void start() throws Exception {
        ServerFacts facts = new ServerFacts(getClass().getClassLoader(), List.of(), System.getLogger("test"), "/shop",
                0, 1, 0);
        app = new Startup(facts).start(Init.class).map(ServletApp::new).orElseThrow();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private MemoryExchange.MemoryResponse get(String target, String scheme, int port) throws Exception {
        MemoryExchange.MemoryResponse res = new MemoryExchange.MemoryResponse();
        app.handle(new MemoryExchange.MemoryRequest("GET", target, "/shop", scheme, port, ""), res);
        return res;
    }

    @Test
    void pathsAreBelowTheMountPointAndUrlsUseTheClientsScheme() throws Exception {
        MemoryExchange.MemoryResponse r = get("/shop/api/items%20x?q=1", "https", 443);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("/shop|/api|/items x|/shop/api/items%20x|https://shop.example/shop/api/items%20x"
                + "|https|true|203.0.113.7|/shop");
        assertThat(get("/shop/api/items", "http", 8080).text())
                .contains("|http://shop.example:8080/shop/api/items|http|false|");
    }

    @Test
    void redirectsAndTheSessionCookieStayInsideTheMountPoint() throws Exception {
        MemoryExchange.MemoryResponse r = get("/shop/api/redirect", "https", 443);
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.headers().first("Location")).isEqualTo("/shop/api/elsewhere?x=1");
        MemoryExchange.MemoryResponse s = get("/shop/api/session", "https", 443);
        assertThat(s.text()).isEqualTo("true");
        assertThat(s.headers().first("Set-Cookie")).matches("JSESSIONID=[0-9a-f]{32}; Path=/shop; HttpOnly");
    }

    @Test
    void theMountPointItselfMapsAsTheRoot() throws Exception {
        MemoryExchange.MemoryResponse r = get("/shop", "http", 80);
        // Nothing is mapped at "/": the default servlet answers 404 with the container's page.
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.headers().first("Content-Type")).isEqualTo("text/html;charset=utf-8");
    }
}
