package io.loomicorn.e2e.servlet;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestAttributeEvent;
import jakarta.servlet.ServletRequestAttributeListener;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.Part;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The servlets, filters and listeners of {@link DiffApp}. Each prints what it saw, so both containers can be compared. */
public final class DiffServlets {

    private DiffServlets() {
    }

    static String mapping(HttpServletMapping m) {
        return m == null ? "null" : m.getMappingMatch() + "|" + m.getPattern() + "|" + m.getMatchValue() + "|" + m.getServletName();
    }

    /** Prints the request as the servlet sees it. */
    public static final class Echo extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=utf-8");
            PrintWriter w = resp.getWriter();
            describe(req, w);
            w.println("init.who=" + getInitParameter("who"));
            w.println("context.greeting=" + getServletContext().getInitParameter("greeting"));
            w.println("context.handlesTypes=" + getServletContext().getAttribute("handlesTypes"));
            w.println("context.started=" + getServletContext().getAttribute("started"));
            if (req.getPathInfo() != null && req.getPathInfo().startsWith("/body")) {
                StringBuilder sb = new StringBuilder();
                char[] buf = new char[1024];
                for (int n; (n = req.getReader().read(buf)) >= 0; ) {
                    sb.append(buf, 0, n);
                }
                w.println("body=" + sb);
                w.println("trailers.ready=" + req.isTrailerFieldsReady());
            }
        }

        static void describe(HttpServletRequest req, PrintWriter w) {
            w.println("type=" + req.getDispatcherType());
            w.println("method=" + req.getMethod());
            w.println("protocol=" + req.getProtocol());
            w.println("uri=" + req.getRequestURI());
            w.println("url=" + req.getRequestURL());
            w.println("contextPath=" + req.getContextPath());
            w.println("servletPath=" + req.getServletPath());
            w.println("pathInfo=" + req.getPathInfo());
            w.println("query=" + req.getQueryString());
            w.println("mapping=" + mapping(req.getHttpServletMapping()));
            Map<String, List<String>> params = new TreeMap<>();
            for (Map.Entry<String, String[]> e : req.getParameterMap().entrySet()) {
                params.put(e.getKey(), List.of(e.getValue()));
            }
            w.println("params=" + params);
            List<String> headers = new ArrayList<>();
            for (String n : Collections.list(req.getHeaderNames())) {
                headers.add(n.toLowerCase(Locale.ROOT) + "=" + Collections.list(req.getHeaders(n)));
            }
            Collections.sort(headers);
            w.println("headers=" + headers);
            w.println("header.x-int=" + req.getIntHeader("X-Int"));
            w.println("header.x-date=" + req.getDateHeader("X-Date"));
            StringBuilder cookies = new StringBuilder();
            if (req.getCookies() != null) {
                for (Cookie c : req.getCookies()) {
                    cookies.append(c.getName()).append('=').append(c.getValue()).append(';');
                }
            }
            w.println("cookies=" + cookies);
            w.println("encoding=" + req.getCharacterEncoding());
            w.println("contentType=" + req.getContentType());
            w.println("contentLength=" + req.getContentLengthLong());
            w.println("locale=" + req.getLocale() + " " + Collections.list(req.getLocales()));
            w.println("scheme=" + req.getScheme() + " secure=" + req.isSecure());
            w.println("server=" + req.getServerName() + ":" + req.getServerPort());
            w.println("remote=" + req.getRemoteAddr() + " local=" + req.getLocalAddr());
            w.println("asyncSupported=" + req.isAsyncSupported() + " asyncStarted=" + req.isAsyncStarted());
            List<String> attrs = new ArrayList<>();
            for (String n : Collections.list(req.getAttributeNames())) {
                if (n.startsWith("diff.")) {
                    attrs.add(n + "=" + req.getAttribute(n));
                }
            }
            for (String kind : List.of("forward", "include", "async")) {
                for (String a : List.of("request_uri", "context_path", "servlet_path", "path_info", "query_string", "mapping")) {
                    Object v = req.getAttribute("jakarta.servlet." + kind + "." + a);
                    if (v != null) {
                        attrs.add(kind + "." + a + "=" + (v instanceof HttpServletMapping m ? mapping(m) : v));
                    }
                }
            }
            Collections.sort(attrs);
            w.println("attributes=" + attrs);
        }
    }

    /** Prints where the mapping put the request. */
    public static final class Mapping extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            PrintWriter w = resp.getWriter();
            w.println("servletPath=" + req.getServletPath());
            w.println("pathInfo=" + req.getPathInfo());
            w.println("mapping=" + mapping(req.getHttpServletMapping()));
            w.println("named=" + req.getAttribute("diff.named"));
            w.println("type=" + req.getDispatcherType());
        }
    }

    /** Response behaviours, chosen by path info. */
    public static final class Responses extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            String what = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
            switch (what) {
                case "status" -> {
                    resp.setStatus(Integer.parseInt(req.getParameter("code")));
                    resp.getWriter().print("status set");
                }
                case "headers" -> {
                    resp.setHeader("X-One", "1");
                    resp.addHeader("X-Many", "a");
                    resp.addHeader("X-Many", "b");
                    resp.setIntHeader("X-Int", 42);
                    resp.setDateHeader("X-Date", 0);
                    resp.setHeader("X-Gone", "x");
                    resp.setHeader("X-Gone", null);
                    java.util.Set<String> names = new java.util.TreeSet<>(resp.getHeaderNames());
                    names.removeAll(List.of("Date", "Server")); // Jetty counts its own
                    resp.getWriter().print("contains=" + resp.containsHeader("x-one") + " names=" + names
                            + " many=" + resp.getHeaders("X-Many"));
                }
                case "cookies" -> {
                    Cookie a = new Cookie("a", "1");
                    a.setPath("/resp");
                    a.setHttpOnly(true);
                    a.setSecure(true);
                    a.setMaxAge(0);
                    resp.addCookie(a);
                    Cookie b = new Cookie("b", "two");
                    b.setAttribute("SameSite", "Lax");
                    b.setDomain("example.com");
                    resp.addCookie(b);
                }
                case "writer-utf8" -> {
                    resp.setContentType("text/plain; charset=UTF-8");
                    resp.getWriter().print("h\u00e9llo \u2713 \uD83D\uDE00");
                }
                case "writer-default" -> {
                    resp.setContentType("text/plain");
                    resp.getWriter().print("caf\u00e9 " + resp.getCharacterEncoding() + " " + resp.getContentType());
                }
                case "encoding-then-type" -> {
                    resp.setCharacterEncoding("UTF-8");
                    resp.setContentType("text/html");
                    resp.getWriter().print("\u00e9 " + resp.getContentType());
                }
                case "type-after-writer" -> {
                    resp.setContentType("text/plain;charset=utf-8");
                    PrintWriter w = resp.getWriter();
                    resp.setCharacterEncoding("ISO-8859-1");
                    resp.setContentType("text/html;charset=ISO-8859-1");
                    w.print("\u00e9 " + resp.getContentType());
                }
                case "stream" -> {
                    resp.setContentType("application/octet-stream");
                    byte[] chunk = new byte[1000];
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = (byte) ('a' + i % 26);
                    }
                    for (int i = 0; i < 100; i++) {
                        resp.getOutputStream().write(chunk);
                    }
                }
                case "content-length" -> {
                    resp.setContentLength(5);
                    resp.getOutputStream().write("hel".getBytes(StandardCharsets.US_ASCII));
                    resp.getOutputStream().write("lo".getBytes(StandardCharsets.US_ASCII));
                }
                case "flush" -> {
                    resp.setContentType("text/plain");
                    resp.getWriter().print("before ");
                    resp.flushBuffer();
                    resp.getWriter().print("committed=" + resp.isCommitted());
                }
                case "reset" -> {
                    resp.setHeader("X-Before", "1");
                    resp.setStatus(404);
                    resp.getWriter().print("dropped");
                    resp.reset();
                    resp.setContentType("text/plain");
                    resp.getWriter().print("after reset " + resp.getStatus());
                }
                case "reset-buffer" -> {
                    resp.setHeader("X-Kept", "1");
                    resp.getOutputStream().print("dropped");
                    resp.resetBuffer();
                    resp.getOutputStream().print("kept headers");
                }
                case "buffer" -> {
                    int before = resp.getBufferSize();
                    resp.setBufferSize(100);
                    resp.getWriter().print("before=" + before + " after>=" + (resp.getBufferSize() >= 100));
                    resp.getWriter().print(" x".repeat(100));
                }
                case "redirect-absolute" -> resp.sendRedirect("http://other.example/x?y=1");
                case "redirect-relative" -> resp.sendRedirect("sibling?q=1");
                case "redirect-root" -> resp.sendRedirect("/root/path");
                case "redirect-301" -> resp.sendRedirect("/moved", 301);
                case "send-error" -> resp.sendError(404);
                case "send-error-message" -> resp.sendError(403, "nope <b>");
                case "send-error-page" -> {
                    resp.setHeader("X-Before-Error", "kept");
                    resp.getWriter().print("dropped");
                    resp.sendError(409, "conflict here");
                }
                case "throw" -> throw new IllegalStateException("boom");
                case "throw-servlet" -> throw new ServletException("wrapped", new IllegalStateException("inner"));
                case "throw-unmapped" -> throw new UnsupportedOperationException("unmapped");
                case "locale" -> {
                    resp.setLocale(Locale.FRANCE);
                    resp.setContentType("text/plain");
                    resp.getWriter().print("locale " + resp.getLocale());
                }
                case "no-content" -> resp.setStatus(204);
                case "empty" -> {
                }
                case "head" -> {
                    resp.setContentType("text/plain");
                    resp.getWriter().print("0123456789");
                }
                default -> resp.sendError(400, "unknown case " + what);
            }
        }
    }

    /** Forward, include and named dispatches, chosen by path info. */
    public static final class Dispatch extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            String what = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
            req.setAttribute("diff.caller", "dispatch");
            switch (what) {
                case "forward" -> req.getRequestDispatcher("/echo/forwarded?x=2&y=3").forward(req, resp);
                case "forward-relative" -> req.getRequestDispatcher("../echo/rel").forward(req, resp);
                case "forward-then-write" -> {
                    resp.getWriter().print("dropped before forward");
                    req.getRequestDispatcher("/echo/fw").forward(req, resp);
                    resp.getWriter().print("after forward is ignored");
                }
                case "include" -> {
                    resp.setContentType("text/plain");
                    resp.getWriter().println("before include");
                    req.getRequestDispatcher("/echo/included?z=9").include(req, resp);
                    resp.getWriter().println("after include");
                }
                case "include-sets-header" -> {
                    resp.setContentType("text/plain");
                    req.getRequestDispatcher("/resp/headers").include(req, resp);
                    resp.getWriter().print(" status=" + resp.getStatus() + " x-one=" + resp.getHeader("X-One"));
                }
                case "named" -> getServletContext().getNamedDispatcher("mapping").forward(req, resp);
                case "forward-committed" -> {
                    resp.getWriter().print("committed first");
                    resp.flushBuffer();
                    try {
                        req.getRequestDispatcher("/echo/x").forward(req, resp);
                    } catch (IllegalStateException e) {
                        resp.getWriter().print(" then " + e.getClass().getSimpleName());
                    }
                }
                case "forward-mapping" -> req.getRequestDispatcher("/prefix/deep/er").forward(req, resp);
                default -> resp.sendError(400);
            }
        }
    }

    /** The error page: prints the error attributes. */
    public static final class ErrorPage extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            PrintWriter w = resp.getWriter();
            w.println("error page, status " + resp.getStatus());
            w.println("type=" + req.getDispatcherType());
            w.println("status_code=" + req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE));
            w.println("exception_type=" + req.getAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE));
            Object ex = req.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            w.println("exception=" + (ex == null ? null : ex.getClass().getName() + ": " + ((Throwable) ex).getMessage()));
            w.println("request_uri=" + req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
            w.println("servlet_name=" + req.getAttribute(RequestDispatcher.ERROR_SERVLET_NAME));
            w.println("query_string=" + req.getAttribute(RequestDispatcher.ERROR_QUERY_STRING));
            w.println("method=" + req.getAttribute(RequestDispatcher.ERROR_METHOD));
            w.println("error filter=" + req.getAttribute("diff.errorFilter"));
            w.println("uri=" + req.getRequestURI() + " servletPath=" + req.getServletPath());
        }
    }

    /** Asynchronous behaviours, chosen by path info. */
    public static final class Async extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String what = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
            if (req.getDispatcherType() == jakarta.servlet.DispatcherType.ASYNC) {
                resp.setContentType("text/plain");
                resp.getWriter().print("redispatched " + req.getAttribute(AsyncContext.ASYNC_REQUEST_URI));
                return;
            }
            switch (what) {
                case "complete" -> {
                    AsyncContext ctx = req.startAsync();
                    ctx.start(() -> {
                        try {
                            Thread.sleep(50);
                            ctx.getResponse().setContentType("text/plain");
                            ctx.getResponse().getWriter().print("completed from " + (Thread.currentThread().isVirtual()
                                    ? "another thread" : "another thread"));
                        } catch (IOException | InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        ctx.complete();
                    });
                }
                case "dispatch" -> {
                    AsyncContext ctx = req.startAsync();
                    ctx.start(ctx::dispatch);
                }
                case "dispatch-path" -> {
                    AsyncContext ctx = req.startAsync();
                    ctx.start(() -> ctx.dispatch("/echo/after-async"));
                }
                case "timeout-listener" -> {
                    AsyncContext ctx = req.startAsync();
                    ctx.setTimeout(200);
                    ctx.addListener(new AsyncListener() {
                        @Override
                        public void onComplete(AsyncEvent event) {
                        }

                        @Override
                        public void onTimeout(AsyncEvent event) throws IOException {
                            event.getAsyncContext().getResponse().setContentType("text/plain");
                            event.getAsyncContext().getResponse().getWriter().print("timed out, listener completed");
                            event.getAsyncContext().complete();
                        }

                        @Override
                        public void onError(AsyncEvent event) {
                        }

                        @Override
                        public void onStartAsync(AsyncEvent event) {
                        }
                    });
                }
                case "timeout" -> req.startAsync().setTimeout(200);
                case "streaming" -> {
                    AsyncContext ctx = req.startAsync();
                    resp.setContentType("text/plain");
                    ctx.start(() -> {
                        try {
                            for (int i = 0; i < 5; i++) {
                                ctx.getResponse().getWriter().print("tick " + i + "\n");
                                ctx.getResponse().flushBuffer();
                                Thread.sleep(20);
                            }
                        } catch (IOException | InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        ctx.complete();
                    });
                }
                default -> resp.sendError(400);
            }
        }
    }

    /** Multipart uploads: prints every part. */
    public static final class Upload extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            resp.setContentType("text/plain");
            PrintWriter w = resp.getWriter();
            for (Part p : req.getParts()) {
                w.println(p.getName() + " file=" + p.getSubmittedFileName() + " size=" + p.getSize() + " type="
                        + p.getContentType() + " sha=" + sha(p.getInputStream()));
            }
            w.println("field=" + req.getParameter("field"));
        }

        private static String sha(InputStream in) throws IOException {
            try (in) {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes())).substring(0, 16);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Sessions: the first request creates one. */
    public static final class Session extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            HttpSession existing = req.getSession(false);
            PrintWriter w = resp.getWriter();
            w.println("existing=" + (existing != null));
            w.println("requested=" + (req.getRequestedSessionId() != null) + " valid=" + req.isRequestedSessionIdValid());
            if ("/create".equals(req.getPathInfo())) {
                HttpSession s = req.getSession();
                Integer n = (Integer) s.getAttribute("n");
                n = n == null ? 1 : n + 1;
                s.setAttribute("n", n);
                w.println("new=" + s.isNew() + " n=" + n);
                w.println("listener: " + s.getAttribute("createdByListener") + ", " + s.getAttribute("sessionAttrEvent"));
            } else if ("/invalidate".equals(req.getPathInfo()) && existing != null) {
                existing.invalidate();
                w.println("invalidated");
            }
        }
    }

    /** The ServletContext as the application sees it. */
    public static final class Context extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            PrintWriter w = resp.getWriter();
            var ctx = getServletContext();
            w.println("version=" + ctx.getMajorVersion() + "." + ctx.getMinorVersion());
            w.println("contextPath=" + ctx.getContextPath());
            w.println("init=" + ctx.getInitParameter("greeting") + " names=" + Collections.list(ctx.getInitParameterNames()).contains("greeting"));
            for (String f : List.of("a.html", "b.txt", "c.css", "d.js", "e.json", "f.png", "g.svg", "h.unknownext")) {
                w.println("mime " + f + "=" + ctx.getMimeType(f));
            }
            try (InputStream in = ctx.getResourceAsStream("/static.txt")) {
                w.println("resource=" + (in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()));
            }
            w.println("missing=" + ctx.getResource("/missing.txt"));
            w.println("registrations=" + new java.util.TreeSet<>(ctx.getServletRegistration("echo").getMappings())
                    + " " + ctx.getServletRegistration("mapping").getMappings().size());
            w.println("filters=" + ctx.getFilterRegistration("trace").getUrlPatternMappings()
                    + " " + ctx.getFilterRegistration("named").getServletNameMappings());
            w.println("handlesTypes=" + ctx.getAttribute("handlesTypes"));
            try {
                ctx.addServlet("late", Echo.class);
                w.println("late add allowed");
            } catch (IllegalStateException e) {
                w.println("late add refused");
            }
            ctx.setAttribute("diff.ctx", "x");
            w.println("attribute=" + ctx.getAttribute("diff.ctx") + " event=" + ctx.getAttribute("diff.lastCtxEvent"));
            ctx.removeAttribute("diff.ctx");
            w.println("removed=" + ctx.getAttribute("diff.ctx") + " event=" + ctx.getAttribute("diff.lastCtxEvent"));
            w.println("requestEncoding=" + ctx.getRequestCharacterEncoding());
        }
    }

    /** Adds a trace attribute and header on every dispatch type. */
    public static final class Trace implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String prev = (String) request.getAttribute("diff.trace");
            request.setAttribute("diff.trace", (prev == null ? "" : prev + ",") + request.getDispatcherType());
            ((HttpServletResponse) response).addHeader("X-Trace", request.getDispatcherType().toString());
            chain.doFilter(request, response);
        }
    }

    /** Mapped by servlet name. */
    public static final class Named implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            request.setAttribute("diff.named", "named filter ran on " + request.getDispatcherType());
            chain.doFilter(request, response);
        }
    }

    /** A filter that never calls the chain. */
    public static final class Blocker implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException {
            HttpServletResponse r = (HttpServletResponse) response;
            r.setStatus(403);
            r.setContentType("text/plain");
            r.getWriter().print("blocked by filter");
        }
    }

    /** Runs on the ERROR dispatch only. */
    public static final class ErrorOnly implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            request.setAttribute("diff.errorFilter", "ran");
            chain.doFilter(request, response);
        }
    }

    /** Context and request listeners. */
    public static final class Events implements ServletContextListener, ServletRequestListener,
            ServletRequestAttributeListener, jakarta.servlet.ServletContextAttributeListener,
            jakarta.servlet.http.HttpSessionListener, jakarta.servlet.http.HttpSessionAttributeListener {

        @Override
        public void sessionCreated(jakarta.servlet.http.HttpSessionEvent se) {
            se.getSession().setAttribute("createdByListener", "yes");
        }

        @Override
        public void attributeAdded(jakarta.servlet.http.HttpSessionBindingEvent event) {
            if (event.getName().equals("n")) {
                event.getSession().setAttribute("sessionAttrEvent", "added n=" + event.getValue());
            }
        }

        @Override
        public void attributeReplaced(jakarta.servlet.http.HttpSessionBindingEvent event) {
            if (event.getName().equals("n")) {
                event.getSession().setAttribute("sessionAttrEvent", "replaced n, old " + event.getValue());
            }
        }

        @Override
        public void attributeAdded(jakarta.servlet.ServletContextAttributeEvent event) {
            if (event.getName().equals("diff.ctx")) {
                event.getServletContext().setAttribute("diff.lastCtxEvent", "added " + event.getValue());
            }
        }

        @Override
        public void attributeRemoved(jakarta.servlet.ServletContextAttributeEvent event) {
            if (event.getName().equals("diff.ctx")) {
                event.getServletContext().setAttribute("diff.lastCtxEvent", "removed " + event.getValue());
            }
        }

        @Override
        public void contextInitialized(ServletContextEvent sce) {
            sce.getServletContext().setAttribute("started", "yes");
        }

        @Override
        public void requestInitialized(ServletRequestEvent sre) {
            sre.getServletRequest().setAttribute("diff.listener", "initialized");
        }

        @Override
        public void attributeAdded(ServletRequestAttributeEvent srae) {
            if (srae.getName().equals("diff.caller")) {
                srae.getServletRequest().setAttribute("diff.attributeEvent", "added " + srae.getValue());
            }
        }
    }
}
