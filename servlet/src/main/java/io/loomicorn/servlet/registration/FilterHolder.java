package io.loomicorn.servlet.registration;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;

/**
 * One filter of the application: its registration and mappings, its {@link FilterConfig},
 * and its lifecycle. Every filter is initialised at start, before any servlet, and
 * destroyed after the servlets when the worker exits.
 */
public final class FilterHolder extends RegistrationBase<Filter> implements FilterRegistration.Dynamic, FilterConfig {

    /**
     * Registers a filter by class or instance.
     *
     * @param context  the application
     * @param name     the filter's name
     * @param type     its class, or null when {@code instance} is given
     * @param instance the filter, or null to create one from {@code type} at start
     */
    public FilterHolder(RegistrationContext context, String name, Class<? extends Filter> type, Filter instance) {
        super(context, name, type, instance);
    }

    @Override
    public void addMappingForServletNames(EnumSet<DispatcherType> dispatcherTypes, boolean isMatchAfter,
                                          String... servletNames) {
        context.checkConfigurable();
        if (servletNames == null || servletNames.length == 0) {
            throw new IllegalArgumentException("no servlet name given");
        }
        for (String name : servletNames) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a servlet name must not be empty");
            }
        }
        context.filterMappings().add(new FilterMapping(this, FilterMapping.Kind.SERVLET_NAME,
                List.of(servletNames), types(dispatcherTypes)), isMatchAfter);
    }

    @Override
    public Collection<String> getServletNameMappings() {
        return names(FilterMapping.Kind.SERVLET_NAME);
    }

    @Override
    public void addMappingForUrlPatterns(EnumSet<DispatcherType> dispatcherTypes, boolean isMatchAfter,
                                         String... urlPatterns) {
        context.checkConfigurable();
        if (urlPatterns == null || urlPatterns.length == 0) {
            throw new IllegalArgumentException("no URL pattern given");
        }
        for (String p : urlPatterns) {
            io.loomicorn.servlet.mapping.UrlPattern.check(p);
        }
        context.filterMappings().add(new FilterMapping(this, FilterMapping.Kind.URL_PATTERN,
                List.of(urlPatterns), types(dispatcherTypes)), isMatchAfter);
    }

    @Override
    public Collection<String> getUrlPatternMappings() {
        return names(FilterMapping.Kind.URL_PATTERN);
    }

    private Collection<String> names(FilterMapping.Kind kind) {
        List<String> all = new ArrayList<>();
        for (FilterMapping m : context.filterMappings().all()) {
            if (m.filter() == this && m.kind() == kind) {
                all.addAll(m.values());
            }
        }
        return Collections.unmodifiableList(all);
    }

    private static EnumSet<DispatcherType> types(EnumSet<DispatcherType> given) {
        return given == null || given.isEmpty() ? EnumSet.of(DispatcherType.REQUEST) : EnumSet.copyOf(given);
    }

    // ---------------------------------------------------------------- FilterConfig

    @Override
    public String getFilterName() {
        return getName();
    }

    // ---------------------------------------------------------------- lifecycle

    /** Creates and initialises the filter; at start only. */
    public void start() throws ServletException {
        initialised();
    }

    /** Returns the initialised filter. */
    public Filter filter() {
        try {
            return initialised();
        } catch (ServletException e) {
            throw new IllegalStateException(this + " was not started", e);
        }
    }

    @Override
    void init(Filter filter) throws ServletException {
        filter.init(this);
    }

    @Override
    void destroy(Filter filter) {
        filter.destroy();
    }

    @Override
    public String toString() {
        return "filter " + getName();
    }
}
