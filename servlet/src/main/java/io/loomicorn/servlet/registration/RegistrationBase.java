package io.loomicorn.servlet.registration;

import jakarta.servlet.Registration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What servlet and filter registrations share: name, class, init parameters and async support. */
abstract class RegistrationBase implements Registration.Dynamic {

    final RegistrationContext context;
    private final String name;
    private final String className;
    private final Map<String, String> initParameters = new LinkedHashMap<>();
    private boolean asyncSupported;

    RegistrationBase(RegistrationContext context, String name, String className) {
        this.context = context;
        this.name = name;
        this.className = className;
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
}
