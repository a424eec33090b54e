package io.loomicorn.servlet.request;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The request as a FORWARD, INCLUDE, ERROR or ASYNC dispatch target sees it
 * (Servlet 6.1 §9.3–9.4, §10.9, §2.3.3.3): the dispatcher type, the target's paths (except
 * for an include, which keeps the caller's), parameters of the dispatch's query string
 * ahead of the original ones, and the dispatch's {@code jakarta.servlet.*} attributes.
 *
 * <p>It wraps whatever request object the application passed, so the application's own
 * wrappers stay in the chain.
 */
public final class DispatchedRequest extends HttpServletRequestWrapper {

    /** What the target sees instead of the wrapped request's values. */
    public record Target(String requestUri, String servletPath, String pathInfo, String queryString,
                         HttpServletMapping mapping) {
    }

    private final DispatcherType type;
    private final Target target;
    private final Map<String, Object> special;
    private final Set<String> hidden = new java.util.HashSet<>();
    private final String dispatchQuery;
    private Parameters parameters;

    /**
     * @param wrapped the request passed to the dispatcher
     * @param type    the dispatcher type
     * @param target  the target's paths (for an include, only its query is used)
     * @param special the attributes this dispatch defines
     * @param dispatchQuery the query of the dispatcher's path, or null
     */
    public DispatchedRequest(HttpServletRequest wrapped, DispatcherType type, Target target,
                             Map<String, Object> special, String dispatchQuery) {
        super(wrapped);
        this.type = type;
        this.target = target;
        this.special = new HashMap<>(special);
        this.dispatchQuery = dispatchQuery;
        if (type == DispatcherType.INCLUDE) {
            // An include inside a forward still reports the forward's attributes; nothing to hide.
            return;
        }
        if (type == DispatcherType.FORWARD || type == DispatcherType.ERROR) {
            for (String a : INCLUDE_ATTRIBUTES) {
                hidden.add(a);
            }
        }
    }

    private static final String[] INCLUDE_ATTRIBUTES = {
            RequestDispatcher.INCLUDE_REQUEST_URI, RequestDispatcher.INCLUDE_CONTEXT_PATH,
            RequestDispatcher.INCLUDE_SERVLET_PATH, RequestDispatcher.INCLUDE_PATH_INFO,
            RequestDispatcher.INCLUDE_QUERY_STRING, RequestDispatcher.INCLUDE_MAPPING};

    @Override
    public DispatcherType getDispatcherType() {
        return type;
    }

    private boolean keepsPaths() {
        return type == DispatcherType.INCLUDE || target == null;
    }

    @Override
    public String getRequestURI() {
        return keepsPaths() ? super.getRequestURI() : target.requestUri();
    }

    @Override
    public StringBuffer getRequestURL() {
        if (keepsPaths()) {
            return super.getRequestURL();
        }
        return Requests.base(this).requestUrl(target.requestUri());
    }

    @Override
    public String getServletPath() {
        return keepsPaths() ? super.getServletPath() : target.servletPath();
    }

    @Override
    public String getPathInfo() {
        return keepsPaths() ? super.getPathInfo() : target.pathInfo();
    }

    @Override
    public String getQueryString() {
        if (keepsPaths() || target.queryString() == null) {
            return super.getQueryString();
        }
        return target.queryString();
    }

    @Override
    public HttpServletMapping getHttpServletMapping() {
        return keepsPaths() ? super.getHttpServletMapping() : target.mapping();
    }

    @Override
    public String getPathTranslated() {
        String info = getPathInfo();
        return info == null ? null : getServletContext().getRealPath(info);
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        return Requests.base(this).context().relativeDispatcher(path, getServletPath(), getPathInfo());
    }

    @Override
    public Object getAttribute(String name) {
        if (special.containsKey(name)) {
            return special.get(name);
        }
        if (hidden.contains(name)) {
            return null;
        }
        return super.getAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        Set<String> names = new LinkedHashSet<>(Collections.list(super.getAttributeNames()));
        names.removeAll(hidden);
        names.addAll(special.keySet());
        return Collections.enumeration(new ArrayList<>(names));
    }

    @Override
    public void setAttribute(String name, Object o) {
        if (special.containsKey(name)) {
            special.put(name, o);
            return;
        }
        super.setAttribute(name, o);
    }

    @Override
    public void removeAttribute(String name) {
        if (special.containsKey(name)) {
            special.put(name, null);
            return;
        }
        super.removeAttribute(name);
    }

    // ---------------------------------------------------------------- parameters

    private Parameters parameters() {
        if (parameters == null) {
            Parameters p = new Parameters();
            if (dispatchQuery != null) {
                try {
                    p.addEncoded(dispatchQuery, java.nio.charset.StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new BadParameterException("bad dispatch query string: " + e.getMessage());
                }
            }
            Map<String, String[]> original = super.getParameterMap();
            for (Map.Entry<String, String[]> e : original.entrySet()) {
                for (String v : e.getValue()) {
                    p.add(e.getKey(), v);
                }
            }
            parameters = p;
        }
        return parameters;
    }

    @Override
    public String getParameter(String name) {
        return dispatchQuery == null ? super.getParameter(name) : parameters().first(name);
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return dispatchQuery == null ? super.getParameterMap() : parameters().asMap();
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return dispatchQuery == null ? super.getParameterNames() : Collections.enumeration(parameters().names());
    }

    @Override
    public String[] getParameterValues(String name) {
        return dispatchQuery == null ? super.getParameterValues(name) : parameters().all(name);
    }

}
