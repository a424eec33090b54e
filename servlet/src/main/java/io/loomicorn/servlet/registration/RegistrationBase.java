package io.loomicorn.servlet.registration;

import jakarta.servlet.Registration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What servlet and filter registrations share: name, class, init parameters, async
 * support, the two methods {@code ServletConfig} and {@code FilterConfig} both declare,
 * and the component's lifecycle: created from its class when first needed (unless the
 * application gave an instance), initialised once, destroyed once.
 *
 * @param <T> {@code Servlet} or {@code Filter}
 */
abstract class RegistrationBase<T> implements Registration.Dynamic {

    final RegistrationContext context;
    private final String name;
    private final String className;
    private final Class<? extends T> type;
    private final Map<String, String> initParameters = new LinkedHashMap<>();
    private boolean asyncSupported;
    private volatile T instance;
    private volatile boolean initialised;

    RegistrationBase(RegistrationContext context, String name, Class<? extends T> type, T instance) {
        this.context = context;
        this.name = name;
        this.className = instance != null ? instance.getClass().getName() : type.getName();
        this.type = type;
        this.instance = instance;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getClassName() {
        return className;
    }

    @Override
    public boolean setInitParameter(String name, String value) {
        if (name == null || value == null) {
            throw new IllegalArgumentException("init parameter name and value must not be null");
        }
        context.checkConfigurable();
        return initParameters.putIfAbsent(name, value) == null;
    }

    @Override
    public String getInitParameter(String name) {
        return initParameters.get(name);
    }

    @Override
    public Set<String> setInitParameters(Map<String, String> parameters) {
        context.checkConfigurable();
        Set<String> conflicts = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("init parameter name and value must not be null");
            }
            if (initParameters.containsKey(e.getKey())) {
                conflicts.add(e.getKey());
            }
        }
        if (conflicts.isEmpty()) {
            initParameters.putAll(parameters);
        }
        return conflicts;
    }

    @Override
    public Map<String, String> getInitParameters() {
        return Collections.unmodifiableMap(initParameters);
    }

    @Override
    public void setAsyncSupported(boolean supported) {
        context.checkConfigurable();
        asyncSupported = supported;
    }

    /** Tells whether requests through this component may go async. */
    public boolean isAsyncSupported() {
        return asyncSupported;
    }

    /** The application, as {@code ServletConfig} and {@code FilterConfig} give it. */
    public ServletContext getServletContext() {
        return context;
    }

    /** The names of the init parameters, as {@code ServletConfig} and {@code FilterConfig} give them. */
    public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(getInitParameters().keySet());
    }

    // ---------------------------------------------------------------- lifecycle

    /** Calls the component's {@code init} with this registration as its configuration. */
    abstract void init(T component) throws ServletException;

    /** Calls the component's {@code destroy}. */
    abstract void destroy(T component);

    /**
     * Returns the component, creating and initialising it on first use.
     *
     * @throws ServletException if it cannot be created or its {@code init} fails (the next call tries again)
     */
    final T initialised() throws ServletException {
        if (initialised) {
            return instance;
        }
        synchronized (this) {
            if (!initialised) {
                if (instance == null) {
                    instance = context.instantiate(type);
                }
                init(instance);
                initialised = true;
            }
            return instance;
        }
    }

    /** Calls {@code destroy} if the component was initialised; a failure is logged. */
    public synchronized void destroy() {
        if (initialised) {
            initialised = false;
            try {
                destroy(instance);
            } catch (RuntimeException | LinkageError e) {
                context.log(this + ": destroy() failed", e);
            }
        }
    }
}
