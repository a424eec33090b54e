package io.loomicorn.servlet.context;

import io.loomicorn.servlet.dispatch.DispatchContext;
import io.loomicorn.servlet.dispatch.RequestDispatchers;
import io.loomicorn.servlet.mapping.ServletMapper;
import io.loomicorn.servlet.registration.FilterHolder;
import io.loomicorn.servlet.registration.FilterMappings;
import io.loomicorn.servlet.registration.Listeners;
import io.loomicorn.servlet.registration.RegistrationContext;
import io.loomicorn.servlet.registration.ServletHolder;
import io.loomicorn.servlet.resource.DefaultServlet;
import io.loomicorn.servlet.resource.MimeTypes;
import io.loomicorn.servlet.resource.Resources;
import io.loomicorn.servlet.session.LocalSessionWarning;
import io.loomicorn.servlet.session.SessionManager;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.descriptor.JspConfigDescriptor;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.EventListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's {@link ServletContext}: registrations, listeners, attributes, init
 * parameters, resources and the container's configuration, with the lifecycle of
 * Servlet 6.1 §4 and §8:
 * <ol>
 *   <li>{@link Phase#INITIALIZERS}: initializers run and may add anything, including
 *       {@code ServletContextListener}s;</li>
 *   <li>{@link Phase#LISTENERS}: {@code contextInitialized} runs; listeners may still add
 *       servlets and filters;</li>
 *   <li>{@link Phase#STARTED}: filters, then load-on-startup servlets, are initialised;
 *       the configuration is frozen and requests are served;</li>
 *   <li>{@link Phase#STOPPED}: servlets, filters and then context listeners are destroyed,
 *       in reverse order.</li>
 * </ol>
 * Resources are read from {@code META-INF/resources} on the application's class path
 * ({@link Resources}).
 */
public final class AppContext implements RegistrationContext, DispatchContext {

    /** Where the application is in its lifecycle. */
    public enum Phase { INITIALIZERS, LISTENERS, STARTED, STOPPED }


    /** The default servlet's name in every container; Spring MVC forwards to it by that name. */
    private static final String DEFAULT_SERVLET = "default";

    private final ServerFacts facts;
    private final Map<String, String> initParameters = new ConcurrentHashMap<>();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private final Map<String, ServletHolder> servlets = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, FilterHolder> filters = Collections.synchronizedMap(new LinkedHashMap<>());
    private final FilterMappings filterMappings = new FilterMappings();
    private final Listeners listeners = new Listeners();
    private final List<EventListener> allListeners = new ArrayList<>();
    private final CookieConfig cookieConfig = new CookieConfig(this);
    private final ErrorPages errorPages = new ErrorPages();
    private final RequestDispatchers dispatchers = new RequestDispatchers(this);
    private final Resources resources;
    private volatile Phase phase = Phase.INITIALIZERS;
    private volatile ServletMapper<ServletHolder> mapper;
    private volatile SessionManager sessions;
    private Set<SessionTrackingMode> trackingModes = EnumSet.of(SessionTrackingMode.COOKIE);
    private int sessionTimeoutMinutes = 30;
    private String requestEncoding;
    private String responseEncoding;

    /**
     * Creates the context of one application.
     *
     * @param facts what the server tells about the application
     */
    public AppContext(ServerFacts facts) {
        this.facts = facts;
        this.resources = new Resources(facts.classLoader(), facts.classpath());
        attributes.put(ErrorPages.ATTRIBUTE, errorPages);
        attributes.put("jakarta.servlet.context.tempdir", Path.of(System.getProperty("java.io.tmpdir")).toFile());
    }

    /** Returns the server facts. */
    public ServerFacts facts() {
        return facts;
    }

    /** Returns the phase. */
    public Phase phase() {
        return phase;
    }

    /** Moves to the listeners phase, after the initializers ran. */
    public void initializersDone() {
        phase = Phase.LISTENERS;
    }

    /**
     * Runs {@code contextInitialized}, initialises filters and load-on-startup servlets and
     * freezes the configuration.
     *
     * @throws ServletException if a listener, filter or servlet fails to start
     */
    public void start() throws ServletException {
        phase = Phase.LISTENERS;
        ServletContextEvent event = new ServletContextEvent(this);
        for (int i = 0; i < listeners.contextListeners().size(); i++) {
            ServletContextListener l = listeners.contextListeners().get(i);
            ContextLoader.run(facts.classLoader(), () -> l.contextInitialized(event));
        }
        if (servletMappedTo("/") == null) {
            String name = servlets.containsKey(DEFAULT_SERVLET) ? "loomicorn-default" : DEFAULT_SERVLET;
            ServletHolder fallback = new ServletHolder(this, name, DefaultServlet.class, new DefaultServlet());
            fallback.addMapping("/");
            servlets.put(name, fallback);
        }
        for (FilterHolder f : List.copyOf(filters.values())) {
            f.start();
        }
        List<ServletHolder> eager = new ArrayList<>();
        for (ServletHolder s : List.copyOf(servlets.values())) {
            if (s.loadOnStartup() >= 0) {
                eager.add(s);
            }
        }
        eager.sort(Comparator.comparingInt(ServletHolder::loadOnStartup));
        for (ServletHolder s : eager) {
            s.servlet();
        }
        sessions = new SessionManager(this, listeners,
                new LocalSessionWarning(facts.log(), facts.workers(), facts.maxRequests()));
        rebuildMapper();
        phase = Phase.STARTED;
    }

    /** Destroys servlets, filters and context listeners, each in reverse order. */
    public void stop() {
        if (phase == Phase.STOPPED) {
            return;
        }
        phase = Phase.STOPPED;
        List<ServletHolder> s = new ArrayList<>(servlets.values());
        Collections.reverse(s);
        s.forEach(ServletHolder::destroy);
        List<FilterHolder> f = new ArrayList<>(filters.values());
        Collections.reverse(f);
        f.forEach(FilterHolder::destroy);
        if (sessions != null) {
            sessions.stop();
        }
        ServletContextEvent event = new ServletContextEvent(this);
        for (int i = listeners.contextListeners().size() - 1; i >= 0; i--) {
            ServletContextListener l = listeners.contextListeners().get(i);
            try {
                l.contextDestroyed(event);
            } catch (RuntimeException | LinkageError e) {
                log("contextDestroyed failed in " + l.getClass().getName(), e);
            }
        }
    }

    @Override
    public void checkConfigurable() {
        if (phase == Phase.STARTED || phase == Phase.STOPPED) {
            throw new IllegalStateException("the application has started; its configuration can no longer change");
        }
    }

    private void rebuildMapper() {
        ServletMapper<ServletHolder> m = new ServletMapper<>();
        synchronized (servlets) {
            for (ServletHolder h : servlets.values()) {
                for (String p : h.getMappings()) {
                    m.add(p, h, h.getName());
                }
            }
        }
        mapper = m;
    }

    @Override
    public ServletHolder servletMappedTo(String pattern) {
        synchronized (servlets) {
            for (ServletHolder h : servlets.values()) {
                if (h.getMappings().contains(pattern)) {
                    return h;
                }
            }
        }
        return null;
    }

    @Override
    public ServletMapper<ServletHolder> mapper() {
        return mapper;
    }

    @Override
    public FilterMappings filterMappings() {
        return filterMappings;
    }

    @Override
    public Listeners listeners() {
        return listeners;
    }

    /** Returns the error pages. */
    public ErrorPages errorPages() {
        return errorPages;
    }

    @Override
    public String errorPage(int status, Throwable exception) {
        return errorPages.find(status, exception);
    }

    @Override
    public System.Logger errorLog() {
        return facts.log();
    }

    @Override
    public SessionManager sessions() {
        return sessions;
    }

    @Override
    public ServletHolder servlet(String name) {
        return servlets.get(name);
    }

    @Override
    public <T> T instantiate(Class<T> type) throws ServletException {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new ServletException("new " + type.getName() + "() threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ServletException("cannot instantiate " + type.getName() + ": " + e, e);
        }
    }

    // ---------------------------------------------------------------- paths and versions

    @Override
    public String getContextPath() {
        return facts.contextPath();
    }

    @Override
    public ServletContext getContext(String uripath) {
        return uripath != null && (uripath.equals(getContextPath()) || uripath.startsWith(getContextPath() + "/"))
                ? this : null;
    }

    @Override
    public int getMajorVersion() {
        return 6;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    @Override
    public int getEffectiveMajorVersion() {
        return 6;
    }

    @Override
    public int getEffectiveMinorVersion() {
        return 1;
    }

    @Override
    public String getServerInfo() {
        String v = AppContext.class.getPackage().getImplementationVersion();
        return "Loomicorn/" + (v == null ? "0.1.0" : v);
    }

    @Override
    public String getServletContextName() {
        return null;
    }

    @Override
    public String getVirtualServerName() {
        return "loomicorn";
    }

    // ---------------------------------------------------------------- resources

    @Override
    public String getMimeType(String file) {
        return MimeTypes.forFile(file);
    }

    @Override
    public URL getResource(String path) throws MalformedURLException {
        return resources.get(path);
    }

    @Override
    public InputStream getResourceAsStream(String path) {
        return resources.open(path);
    }

    @Override
    public Set<String> getResourcePaths(String path) {
        return resources.list(path);
    }

    @Override
    public String getRealPath(String path) {
        return resources.realPath(path);
    }

    // ---------------------------------------------------------------- dispatchers

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        return path == null || !path.startsWith("/") ? null : dispatchers.forPath(path);
    }

    @Override
    public RequestDispatcher getNamedDispatcher(String name) {
        return name == null || servlets.get(name) == null ? null : dispatchers.forName(name);
    }

    /** Returns the dispatchers. */
    public RequestDispatchers dispatchers() {
        return dispatchers;
    }

    @Override
    public RequestDispatcher relativeDispatcher(String target, String servletPath, String pathInfo) {
        return dispatchers.relative(target, servletPath, pathInfo);
    }

    // ---------------------------------------------------------------- logging

    @Override
    public void log(String msg) {
        facts.log().log(System.Logger.Level.INFO, msg);
    }

    @Override
    public void log(String message, Throwable throwable) {
        facts.log().log(System.Logger.Level.ERROR, message, throwable);
    }

    // ---------------------------------------------------------------- parameters and attributes

    @Override
    public String getInitParameter(String name) {
        return initParameters.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(new ArrayList<>(initParameters.keySet()));
    }

    @Override
    public boolean setInitParameter(String name, String value) {
        if (name == null) {
            throw new NullPointerException("init parameter name");
        }
        checkConfigurable();
        return initParameters.putIfAbsent(name, value) == null;
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(new ArrayList<>(attributes.keySet()));
    }

    @Override
    public void setAttribute(String name, Object object) {
        if (name == null) {
            throw new NullPointerException("attribute name");
        }
        if (object == null) {
            removeAttribute(name);
            return;
        }
        Object old = attributes.put(name, object);
        listeners.contextAttribute(this, name, object, old, false);
    }

    @Override
    public void removeAttribute(String name) {
        Object old = attributes.remove(name);
        if (old != null) {
            listeners.contextAttribute(this, name, null, old, true);
        }
    }

    // ---------------------------------------------------------------- servlets

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, String className) {
        return addServlet(servletName, servletClass(className));
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, Servlet servlet) {
        if (servlet == null) {
            throw new NullPointerException("servlet");
        }
        return register(servletName, null, servlet);
    }

    @Override
    public ServletRegistration.Dynamic addServlet(String servletName, Class<? extends Servlet> servletClass) {
        if (servletClass == null) {
            throw new NullPointerException("servlet class");
        }
        return register(servletName, servletClass, null);
    }

    private ServletRegistration.Dynamic register(String name, Class<? extends Servlet> type, Servlet instance) {
        checkConfigurable();
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a servlet name must not be empty");
        }
        synchronized (servlets) {
            if (servlets.containsKey(name)) {
                return null;
            }
            ServletHolder h = new ServletHolder(this, name, type, instance);
            servlets.put(name, h);
            return h;
        }
    }

    @Override
    public ServletRegistration.Dynamic addJspFile(String servletName, String jspFile) {
        throw new UnsupportedOperationException("JSP is not supported by Loomicorn");
    }

    @Override
    public <T extends Servlet> T createServlet(Class<T> clazz) throws ServletException {
        return instantiate(clazz);
    }

    @Override
    public ServletRegistration getServletRegistration(String servletName) {
        return servlets.get(servletName);
    }

    @Override
    public Map<String, ? extends ServletRegistration> getServletRegistrations() {
        synchronized (servlets) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(servlets));
        }
    }

    @SuppressWarnings("unchecked")
    private Class<? extends Servlet> servletClass(String className) {
        Class<?> c = load(className);
        if (!Servlet.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException(className + " is not a jakarta.servlet.Servlet");
        }
        return (Class<? extends Servlet>) c;
    }

    private Class<?> load(String className) {
        try {
            return Class.forName(className, false, facts.classLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("class " + className + " was not found", e);
        }
    }

    // ---------------------------------------------------------------- filters

    @Override
    @SuppressWarnings("unchecked")
    public FilterRegistration.Dynamic addFilter(String filterName, String className) {
        Class<?> c = load(className);
        if (!Filter.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException(className + " is not a jakarta.servlet.Filter");
        }
        return addFilter(filterName, (Class<? extends Filter>) c);
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, Filter filter) {
        if (filter == null) {
            throw new NullPointerException("filter");
        }
        return registerFilter(filterName, null, filter);
    }

    @Override
    public FilterRegistration.Dynamic addFilter(String filterName, Class<? extends Filter> filterClass) {
        if (filterClass == null) {
            throw new NullPointerException("filter class");
        }
        return registerFilter(filterName, filterClass, null);
    }

    private FilterRegistration.Dynamic registerFilter(String name, Class<? extends Filter> type, Filter instance) {
        checkConfigurable();
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a filter name must not be empty");
        }
        synchronized (filters) {
            if (filters.containsKey(name)) {
                return null;
            }
            FilterHolder h = new FilterHolder(this, name, type, instance);
            filters.put(name, h);
            return h;
        }
    }

    @Override
    public <T extends Filter> T createFilter(Class<T> clazz) throws ServletException {
        return instantiate(clazz);
    }

    @Override
    public FilterRegistration getFilterRegistration(String filterName) {
        return filters.get(filterName);
    }

    @Override
    public Map<String, ? extends FilterRegistration> getFilterRegistrations() {
        synchronized (filters) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(filters));
        }
    }

    // ---------------------------------------------------------------- listeners

    @Override
    @SuppressWarnings("unchecked")
    public void addListener(String className) {
        Class<?> c = load(className);
        if (!EventListener.class.isAssignableFrom(c)) {
            throw new IllegalArgumentException(className + " is not an EventListener");
        }
        addListener((Class<? extends EventListener>) c);
    }

    @Override
    public <T extends EventListener> void addListener(T listener) {
        checkConfigurable();
        if (!Listeners.isListener(listener)) {
            throw new IllegalArgumentException(listener.getClass().getName() + " implements no servlet listener interface");
        }
        if (listener instanceof ServletContextListener && phase != Phase.INITIALIZERS) {
            throw new IllegalArgumentException("a ServletContextListener can only be added by an initializer");
        }
        synchronized (allListeners) {
            allListeners.add(listener);
        }
        listeners.add(listener);
    }

    @Override
    public void addListener(Class<? extends EventListener> listenerClass) {
        try {
            addListener(createListener(listenerClass));
        } catch (ServletException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public <T extends EventListener> T createListener(Class<T> clazz) throws ServletException {
        if (!Listeners.isListenerType(clazz)) {
            throw new IllegalArgumentException(clazz.getName() + " implements no servlet listener interface");
        }
        return instantiate(clazz);
    }

    // ---------------------------------------------------------------- sessions and encodings

    @Override
    public SessionCookieConfig getSessionCookieConfig() {
        return cookieConfig;
    }

    /** Returns the session cookie configuration. */
    public CookieConfig cookieConfig() {
        return cookieConfig;
    }

    @Override
    public void setSessionTrackingModes(Set<SessionTrackingMode> modes) {
        checkConfigurable();
        if (modes.contains(SessionTrackingMode.SSL)) {
            throw new IllegalArgumentException("SSL session tracking is not supported");
        }
        trackingModes = modes.isEmpty() ? EnumSet.noneOf(SessionTrackingMode.class) : EnumSet.copyOf(modes);
    }

    @Override
    public Set<SessionTrackingMode> getDefaultSessionTrackingModes() {
        return EnumSet.of(SessionTrackingMode.COOKIE);
    }

    @Override
    public Set<SessionTrackingMode> getEffectiveSessionTrackingModes() {
        return Collections.unmodifiableSet(trackingModes);
    }

    @Override
    public JspConfigDescriptor getJspConfigDescriptor() {
        return null;
    }

    @Override
    public ClassLoader getClassLoader() {
        return facts.classLoader();
    }

    @Override
    public void declareRoles(String... roleNames) {
        checkConfigurable();
    }

    @Override
    public int getSessionTimeout() {
        return sessionTimeoutMinutes;
    }

    @Override
    public void setSessionTimeout(int sessionTimeout) {
        checkConfigurable();
        sessionTimeoutMinutes = sessionTimeout;
    }

    @Override
    public String getRequestCharacterEncoding() {
        return requestEncoding;
    }

    @Override
    public void setRequestCharacterEncoding(String encoding) {
        checkConfigurable();
        requestEncoding = encoding;
    }

    @Override
    public String getResponseCharacterEncoding() {
        return responseEncoding;
    }

    @Override
    public void setResponseCharacterEncoding(String encoding) {
        checkConfigurable();
        responseEncoding = encoding;
    }

    /**
     * Describes the started application in one line for the error log: its servlets with
     * their mappings, and how many filters and listeners it has.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        synchronized (servlets) {
            for (ServletHolder h : servlets.values()) {
                sb.append(sb.isEmpty() ? "" : ", ").append(h.getName()).append(' ').append(h.getMappings());
            }
        }
        int listenerCount;
        synchronized (allListeners) {
            listenerCount = allListeners.size();
        }
        return "servlets " + sb + "; " + filters.size() + " filter(s), " + listenerCount + " listener(s)";
    }

    @Override
    public String toString() {
        return "Loomicorn ServletContext{" + (getContextPath().isEmpty() ? "/" : getContextPath()) + "}";
    }
}
