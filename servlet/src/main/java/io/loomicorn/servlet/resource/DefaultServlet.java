package io.loomicorn.servlet.resource;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLConnection;
import java.util.List;

/**
 * The servlet behind {@code /} when the application maps none: it serves static resources
 * from {@code META-INF/resources} on the class path, applies the welcome files
 * ({@code index.html}, {@code index.htm}, or the context init parameter
 * {@code loomicorn.welcome-files}, comma-separated) to paths that end in {@code /}
 * (Servlet 6.1 §10.10), and answers anything else with 404.
 *
 * <p>A welcome file is served when it is a resource, or forwarded to when a servlet is
 * mapped to it exactly; a directory requested without its slash is redirected to it.
 */
public final class DefaultServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final List<String> DEFAULT_WELCOME = List.of("index.html", "index.htm");

    /** Creates the servlet. */
    public DefaultServlet() {
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        if (path.isEmpty()) {
            path = "/";
        }
        if (path.endsWith("/")) {
            for (String welcome : welcomeFiles()) {
                String candidate = path + welcome;
                URL url = getServletContext().getResource(candidate);
                if (url != null && !isDirectory(url)) {
                    serve(url, candidate, req, resp);
                    return;
                }
                if (getServletContext().getServletRegistrations().values().stream()
                        .anyMatch(r -> r.getMappings().contains(candidate))) {
                    RequestDispatcher d = req.getRequestDispatcher(candidate);
                    d.forward(req, resp);
                    return;
                }
            }
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        URL url = getServletContext().getResource(path);
        if (url == null || path.startsWith("/META-INF/") || path.startsWith("/WEB-INF/")) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (isDirectory(url)) {
            resp.sendRedirect(req.getRequestURI() + "/");
            return;
        }
        serve(url, path, req, resp);
    }

    private static boolean isDirectory(URL url) {
        try {
            if ("file".equals(url.getProtocol())) {
                return java.nio.file.Files.isDirectory(java.nio.file.Path.of(url.toURI()));
            }
            if (url.openConnection() instanceof java.net.JarURLConnection jar) {
                jar.setUseCaches(false);
                return jar.getJarEntry() != null && jar.getJarEntry().isDirectory();
            }
        } catch (IOException | java.net.URISyntaxException | IllegalArgumentException e) {
            return false;
        }
        return false;
    }

    private List<String> welcomeFiles() {
        String configured = getServletContext().getInitParameter("loomicorn.welcome-files");
        if (configured == null || configured.isBlank()) {
            return DEFAULT_WELCOME;
        }
        return List.of(configured.split("\\s*,\\s*"));
    }

    private void serve(URL url, String path, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        URLConnection c = url.openConnection();
        long modified = c.getLastModified();
        long since = -1;
        try {
            since = req.getDateHeader("If-Modified-Since");
        } catch (IllegalArgumentException e) {
            // an unparseable date is ignored (RFC 9110 §13.1.3)
        }
        if (modified > 0 && since >= 0 && modified / 1000 <= since / 1000) {
            resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        String type = getServletContext().getMimeType(path);
        if (type != null) {
            resp.setContentType(type);
        }
        if (modified > 0) {
            resp.setDateHeader("Last-Modified", modified);
        }
        long length = c.getContentLengthLong();
        if (length >= 0) {
            resp.setContentLengthLong(length);
        }
        try (InputStream in = c.getInputStream()) {
            OutputStream out = resp.getOutputStream();
            in.transferTo(out);
        }
    }
}
