package io.loomicorn.servlet.request;

import io.loomicorn.app.Request;
import io.loomicorn.app.TlsInfo;
import io.loomicorn.http.Headers;
import io.loomicorn.servlet.async.AsyncState;
import io.loomicorn.servlet.http.ContentType;
import io.loomicorn.servlet.mapping.ServletMatch;
import io.loomicorn.servlet.multipart.MultipartForm;
import io.loomicorn.servlet.registration.ServletHolder;
import io.loomicorn.servlet.response.ServletResponseImpl;
import io.loomicorn.servlet.session.SessionManager;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.Part;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UnsupportedEncodingException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The container's {@link HttpServletRequest}: a view of one App API {@link Request} plus the
 * servlet state of the exchange (attributes, parameters, the REQUEST dispatch's paths,
 * the session, multipart parts and the asynchronous state). Forward, include, error and
 * async dispatches see it through a {@link DispatchedRequest}.
 */
public final class ServletRequestImpl implements HttpServletRequest {

    private static final AtomicLong IDS = new AtomicLong();

    private final RequestContext context;
    private final Request request;
    private final RequestPath path;
    private final String contextPath;
    private final String pathInContext;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final String requestId = Long.toString(IDS.incrementAndGet());
    private ServletResponseImpl response;
    private AsyncState async;
    private ServletMatch<ServletHolder> match;
    private boolean asyncSupported = true;

    private String characterEncoding;
    private boolean encodingChecked;
    private Parameters parameters;
    private BodyInput input;
    private BufferedReader reader;
    private List<Cookie> cookies;
    private MultipartForm multipart;
    private SessionManager.RequestSessions sessions;

    /**
     * Creates the request of one exchange.
     *
     * @param context       the application
     * @param request       the App API request
     * @param path          the request's path
     * @param pathInContext the decoded path below the context path, starting with {@code /}
     */
    public ServletRequestImpl(RequestContext context, Request request, RequestPath path, String pathInContext) {
        this.context = context;
        this.request = request;
        this.path = path;
        this.contextPath = request.scriptName();
        this.pathInContext = pathInContext;
    }

    /** Connects the exchange's other halves; before any dispatch. */
    public void bind(ServletResponseImpl response, AsyncState async, ServletMatch<ServletHolder> match) {
        this.response = response;
        this.async = async;
        this.match = match;
    }

    /** Returns the App API request. */
    public Request base() {
        return request;
    }

    /** Returns the application. */
    public RequestContext context() {
        return context;
    }

    /** Returns the response of this exchange. */
    public ServletResponseImpl response() {
        return response;
    }

    /** Returns the asynchronous state of this exchange. */
    public AsyncState async() {
        return async;
    }

    /** Returns the decoded path within the application. */
    public String pathInContext() {
        return pathInContext;
    }

    /** Returns the servlet the REQUEST dispatch reaches. */
    public ServletMatch<ServletHolder> match() {
        return match;
    }

    /** Sets whether every filter and servlet entered so far supports async. */
    public void setAsyncSupported(boolean supported) {
        this.asyncSupported = supported;
    }

    /** Returns the multipart form when parts were read, for clean-up. */
    public MultipartForm multipart() {
        return multipart;
    }

    /** Returns the sessions this request touched, or null. */
    public SessionManager.RequestSessions sessions() {
        return sessions;
    }

    // ---------------------------------------------------------------- attributes

    @Override
    public Object getAttribute(String name) {
        Object v = attributes.get(name);
        if (v != null || !name.startsWith("jakarta.servlet.request.")) {
            return v;
        }
        return tlsAttribute(name);
    }

    private Object tlsAttribute(String name) {
        TlsInfo tls = request.tls().orElse(null);
        if (tls == null) {
            return null;
        }
        return switch (name) {
            case "jakarta.servlet.request.X509Certificate" -> tls.peerCertificates().isEmpty() ? null
                    : tls.peerCertificates().toArray(X509Certificate[]::new);
            case "jakarta.servlet.request.cipher_suite" -> tls.cipherSuite();
            default -> null;
        };
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(new ArrayList<>(attributes.keySet()));
    }

    @Override
    public void setAttribute(String name, Object o) {
        if (name == null) {
            throw new IllegalArgumentException("attribute name must not be null");
        }
        if (o == null) {
            removeAttribute(name);
            return;
        }
        Object old = attributes.put(name, o);
        if (context.listeners().hasRequestAttributeListeners()) {
            context.listeners().requestAttribute(context, this, name, o, old, false);
        }
    }

    @Override
    public void removeAttribute(String name) {
        Object old = attributes.remove(name);
        if (old != null && context.listeners().hasRequestAttributeListeners()) {
            context.listeners().requestAttribute(context, this, name, null, old, true);
        }
    }

    // ---------------------------------------------------------------- body and encoding

    @Override
    public String getCharacterEncoding() {
        if (!encodingChecked) {
            encodingChecked = true;
            if (characterEncoding == null) {
                String fromType = ContentType.charset(getContentType());
                characterEncoding = fromType != null ? canonical(fromType) : context.getRequestCharacterEncoding();
            }
        }
        return characterEncoding;
    }

    /** The charset's canonical name ({@code utf-8} becomes {@code UTF-8}), as Jetty reports it. */
    private static String canonical(String name) {
        try {
            return Charset.forName(name).name();
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return name;
        }
    }

    @Override
    public void setCharacterEncoding(String env) throws UnsupportedEncodingException {
        if (reader != null || parameters != null) {
            return;
        }
        if (env == null) {
            characterEncoding = null;
            encodingChecked = false;
            return;
        }
        try {
            Charset.forName(env);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new UnsupportedEncodingException(env);
        }
        characterEncoding = env;
        encodingChecked = true;
    }

    /** The charset that decodes the body's text: the request's, else UTF-8 (as Jetty 12 does). */
    Charset bodyCharset() {
        String enc = getCharacterEncoding();
        if (enc == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(enc);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return StandardCharsets.UTF_8;
        }
    }

    @Override
    public int getContentLength() {
        long n = getContentLengthLong();
        return n > Integer.MAX_VALUE ? -1 : (int) n;
    }

    @Override
    public long getContentLengthLong() {
        return request.headers().contains("Content-Length") ? request.contentLength() : -1;
    }

    @Override
    public String getContentType() {
        return request.headers().first("Content-Type");
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (reader != null) {
            throw new IllegalStateException("getReader() was already called");
        }
        return input();
    }

    /** Returns the body stream without the reader check (forms and multipart). */
    public BodyInput input() {
        if (input == null) {
            input = new BodyInput(request.body(), task -> {
                if (!async.isStarted()) {
                    throw new IllegalStateException("a ReadListener needs an asynchronous request (startAsync)");
                }
                async.runOffThread(task);
            });
        }
        return input;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (reader == null) {
            if (input != null) {
                throw new IllegalStateException("getInputStream() was already called");
            }
            reader = new BufferedReader(new InputStreamReader(input(), bodyCharset()));
        }
        return reader;
    }

    // ---------------------------------------------------------------- parameters

    /** Returns the parameters: the query string's, then the form body's. */
    public Parameters parameters() {
        if (parameters == null) {
            Parameters p = new Parameters();
            parameters = p;
            try {
                p.addEncoded(request.query(), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new BadParameterException("bad query string: " + e.getMessage());
            }
            FormBody.read(this, p);
            addMultipartFields(p);
        }
        return parameters;
    }

    private void addMultipartFields(Parameters p) {
        String type = getContentType();
        if (multipartConfigOverride == null || type == null || bodyTaken() && multipart == null
                || !ContentType.mediaType(type).toLowerCase(Locale.ROOT).equals("multipart/form-data")) {
            return;
        }
        try {
            multipartForm().fields(bodyCharset()).forEach((k, vs) -> vs.forEach(v -> p.add(k, v)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (ServletException e) {
            throw new BadParameterException(e.getMessage());
        }
    }

    @Override
    public String getParameter(String name) {
        return parameters().first(name);
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters().names());
    }

    @Override
    public String[] getParameterValues(String name) {
        return parameters().all(name);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters().asMap();
    }

    /** Tells whether the body was consumed by {@code getInputStream}/{@code getReader}. */
    boolean bodyTaken() {
        return input != null || reader != null;
    }

    // ---------------------------------------------------------------- connection

    @Override
    public String getProtocol() {
        return request.version();
    }

    @Override
    public String getScheme() {
        return request.scheme();
    }

    @Override
    public String getServerName() {
        return request.serverName();
    }

    @Override
    public int getServerPort() {
        return request.serverPort();
    }

    @Override
    public String getRemoteAddr() {
        return host(request.remoteAddress());
    }

    @Override
    public String getRemoteHost() {
        return getRemoteAddr();
    }

    @Override
    public int getRemotePort() {
        return port(request.remoteAddress());
    }

    @Override
    public String getLocalName() {
        return getLocalAddr();
    }

    @Override
    public String getLocalAddr() {
        return host(request.localAddress());
    }

    @Override
    public int getLocalPort() {
        return port(request.localAddress());
    }

    private static String host(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return i.getAddress() != null ? i.getAddress().getHostAddress() : i.getHostString();
        }
        return "0.0.0.0";
    }

    private static int port(SocketAddress a) {
        return a instanceof InetSocketAddress i ? i.getPort() : 0;
    }

    @Override
    public boolean isSecure() {
        return request.isSecure();
    }

    @Override
    public ServletConnection getServletConnection() {
        // The App API names no connection; its two addresses identify it for its lifetime.
        String id = request.peerAddress() + "->" + port(request.localAddress());
        String protocol = request.version().toLowerCase(Locale.ROOT);
        boolean secure = request.tls().isPresent();
        return new ServletConnection() {
            @Override
            public String getConnectionId() {
                return id;
            }

            @Override
            public String getProtocol() {
                return protocol;
            }

            @Override
            public String getProtocolConnectionId() {
                return "";
            }

            @Override
            public boolean isSecure() {
                return secure;
            }
        };
    }

    @Override
    public String getRequestId() {
        return requestId;
    }

    @Override
    public String getProtocolRequestId() {
        return "";
    }

    // ---------------------------------------------------------------- locale

    @Override
    public Locale getLocale() {
        List<Locale> l = AcceptLanguage.parse(request.headers().all("Accept-Language"));
        return l.isEmpty() ? Locale.getDefault() : l.getFirst();
    }

    @Override
    public Enumeration<Locale> getLocales() {
        List<Locale> l = AcceptLanguage.parse(request.headers().all("Accept-Language"));
        return Collections.enumeration(l.isEmpty() ? List.of(Locale.getDefault()) : l);
    }

    // ---------------------------------------------------------------- dispatch and async

    @Override
    public RequestDispatcher getRequestDispatcher(String target) {
        return context.relativeDispatcher(target, getServletPath(), getPathInfo());
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public AsyncContext startAsync() {
        return startAsync(this, response, true);
    }

    @Override
    public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
        return startAsync(servletRequest, servletResponse, servletRequest == this && servletResponse == response);
    }

    private AsyncContext startAsync(ServletRequest req, ServletResponse res, boolean original) {
        if (!asyncSupported) {
            throw new IllegalStateException("a filter or servlet of this request does not support async");
        }
        return async.start(req, res, original);
    }

    @Override
    public boolean isAsyncStarted() {
        return async.isStarted();
    }

    @Override
    public boolean isAsyncSupported() {
        return asyncSupported;
    }

    @Override
    public AsyncContext getAsyncContext() {
        return async.context();
    }

    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
    }

    // ---------------------------------------------------------------- HTTP

    @Override
    public String getAuthType() {
        return null;
    }

    @Override
    public Cookie[] getCookies() {
        if (cookies == null) {
            cookies = CookieParser.parse(request.headers().all("Cookie"));
        }
        return cookies.isEmpty() ? null : cookies.stream().map(Cookie::clone).toArray(Cookie[]::new);
    }

    @Override
    public long getDateHeader(String name) {
        String v = getHeader(name);
        if (v == null) {
            return -1;
        }
        try {
            return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an HTTP date in " + name + ": " + v);
        }
    }

    @Override
    public String getHeader(String name) {
        return request.headers().first(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return Collections.enumeration(request.headers().all(name));
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        Headers h = request.headers();
        Set<String> names = new LinkedHashSet<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < h.size(); i++) {
            if (seen.add(h.name(i).toLowerCase(Locale.ROOT))) {
                names.add(h.name(i));
            }
        }
        return Collections.enumeration(names);
    }

    @Override
    public int getIntHeader(String name) {
        String v = getHeader(name);
        return v == null ? -1 : Integer.parseInt(v.strip());
    }

    @Override
    public HttpServletMapping getHttpServletMapping() {
        return match.mapping();
    }

    @Override
    public String getMethod() {
        return request.method();
    }

    @Override
    public String getPathInfo() {
        return match.pathInfo();
    }

    @Override
    public String getPathTranslated() {
        String info = getPathInfo();
        return info == null ? null : context.getRealPath(info);
    }

    @Override
    public String getContextPath() {
        return contextPath;
    }

    @Override
    public String getQueryString() {
        return request.target().indexOf('?') < 0 ? null : request.query();
    }

    @Override
    public String getRemoteUser() {
        return null;
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    public Principal getUserPrincipal() {
        return null;
    }

    @Override
    public String getRequestURI() {
        return path.rawPath();
    }

    @Override
    public StringBuffer getRequestURL() {
        return requestUrl(getRequestURI());
    }

    /** The URL of this request with another path: scheme, host, port (unless the default), path. */
    public StringBuffer requestUrl(String uri) {
        StringBuffer url = new StringBuffer(64);
        String scheme = getScheme();
        int port = getServerPort();
        String host = getServerName();
        url.append(scheme).append("://");
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            url.append('[').append(host).append(']');
        } else {
            url.append(host);
        }
        if (port > 0 && !(port == 80 && scheme.equals("http")) && !(port == 443 && scheme.equals("https"))) {
            url.append(':').append(port);
        }
        return url.append(uri);
    }

    @Override
    public String getServletPath() {
        return match.servletPath();
    }

    // ---------------------------------------------------------------- sessions

    private SessionManager.RequestSessions sessionState() {
        if (sessions == null) {
            sessions = context.sessions().forRequest(this, response);
        }
        return sessions;
    }

    @Override
    public HttpSession getSession(boolean create) {
        return sessionState().session(create);
    }

    @Override
    public HttpSession getSession() {
        return getSession(true);
    }

    @Override
    public String changeSessionId() {
        return sessionState().changeId();
    }

    @Override
    public String getRequestedSessionId() {
        return sessionState().requestedId();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return sessionState().requestedIdValid();
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return sessionState().requestedId() != null;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }

    // ---------------------------------------------------------------- security (not supported)

    @Override
    public boolean authenticate(HttpServletResponse response) throws ServletException {
        throw new ServletException("container authentication is not supported by Loomicorn");
    }

    @Override
    public void login(String username, String password) throws ServletException {
        throw new ServletException("container authentication is not supported by Loomicorn");
    }

    @Override
    public void logout() {
    }

    // ---------------------------------------------------------------- multipart

    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
        return multipartForm().parts();
    }

    @Override
    public Part getPart(String name) throws IOException, ServletException {
        return multipartForm().part(name);
    }

    /** Reads the multipart body once, with the configuration of the servlet being served. */
    MultipartForm multipartForm() throws IOException, ServletException {
        if (multipart == null) {
            multipart = MultipartForm.read(getContentType(), getContentLengthLong(), this::input,
                    currentMultipartConfig());
        }
        return multipart;
    }

    private jakarta.servlet.MultipartConfigElement multipartConfigOverride;

    /** Sets the multipart configuration of the servlet a dispatch reaches. */
    public void setCurrentServlet(ServletHolder holder) {
        multipartConfigOverride = holder == null ? null : holder.multipartConfig();
    }

    private jakarta.servlet.MultipartConfigElement currentMultipartConfig() {
        return multipartConfigOverride;
    }

    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) throws ServletException {
        throw new ServletException("HTTP upgrade is not supported by Loomicorn");
    }

    // ---------------------------------------------------------------- trailers

    @Override
    public Map<String, String> getTrailerFields() {
        if (!isTrailerFieldsReady()) {
            throw new IllegalStateException("the trailers are not ready: read the body to its end first");
        }
        Map<String, String> m = new LinkedHashMap<>();
        request.trailers().forEach((n, v) -> m.merge(n.toLowerCase(Locale.ROOT), v, (a, b) -> a + "," + b));
        return m;
    }

    @Override
    public boolean isTrailerFieldsReady() {
        return !request.headers().contains("Transfer-Encoding") || input != null && input.isFinished();
    }

    @Override
    public String toString() {
        return getMethod() + " " + getRequestURI() + (getQueryString() == null ? "" : "?" + getQueryString());
    }
}
