package io.loomicorn.servlet.registration;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.ServletSecurityElement;
import jakarta.servlet.annotation.MultipartConfig;

import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One servlet of the application: its registration (name, mappings, init parameters,
 * multipart configuration), its {@link ServletConfig}, and its lifecycle. The servlet is
 * created and initialised once, at start when {@code loadOnStartup >= 0}, else on its
 * first request; {@code destroy} runs when the worker exits.
 */
public final class ServletHolder extends RegistrationBase<Servlet> implements ServletRegistration.Dynamic, ServletConfig {

    private final List<String> mappings = new CopyOnWriteArrayList<>();
    private int loadOnStartup = -1;
    private MultipartConfigElement multipartConfig;
    private String runAsRole;

    /**
     * Registers a servlet by class or instance.
     *
     * @param context  the application
     * @param name     the servlet's name
     * @param type     its class, or null when {@code instance} is given
     * @param instance the servlet, or null to create one from {@code type} when first needed
     */
    public ServletHolder(RegistrationContext context, String name, Class<? extends Servlet> type, Servlet instance) {
        super(context, name, type, instance);
        Class<?> annotated = instance != null ? instance.getClass() : type;
        MultipartConfig mc = annotated == null ? null : annotated.getAnnotation(MultipartConfig.class);
        if (mc != null) {
            multipartConfig = new MultipartConfigElement(mc);
        }
    }

    @Override
    public Set<String> addMapping(String... urlPatterns) {
        context.checkConfigurable();
        if (urlPatterns == null || urlPatterns.length == 0) {
            throw new IllegalArgumentException("no URL pattern given");
        }
        Set<String> conflicts = new LinkedHashSet<>();
        for (String pattern : urlPatterns) {
            io.loomicorn.servlet.mapping.UrlPattern.check(pattern);
            ServletHolder owner = context.servletMappedTo(pattern);
            if (owner != null && owner != this) {
                conflicts.add(pattern);
            }
        }
        if (conflicts.isEmpty()) {
            for (String pattern : urlPatterns) {
                if (!mappings.contains(pattern)) {
                    mappings.add(pattern);
                }
            }
        }
        return conflicts;
    }

    @Override
    public Collection<String> getMappings() {
        return Collections.unmodifiableList(mappings);
    }

    @Override
    public String getRunAsRole() {
        return runAsRole;
    }

    @Override
    public void setLoadOnStartup(int loadOnStartup) {
        context.checkConfigurable();
        this.loadOnStartup = loadOnStartup;
    }

    /** Returns the load-on-startup order; negative means lazily, on the first request. */
    public int loadOnStartup() {
        return loadOnStartup;
    }

    @Override
    public Set<String> setServletSecurity(ServletSecurityElement constraint) {
        // Container security constraints are not supported (docs/servlet.md); nothing to conflict.
        context.checkConfigurable();
        if (constraint == null) {
            throw new IllegalArgumentException("constraint must not be null");
        }
        return Set.of();
    }

    @Override
    public void setMultipartConfig(MultipartConfigElement config) {
        context.checkConfigurable();
        if (config == null) {
            throw new IllegalArgumentException("multipart config must not be null");
        }
        this.multipartConfig = config;
    }

    /** Returns the multipart configuration, or null when {@code getParts} is not allowed. */
    public MultipartConfigElement multipartConfig() {
        return multipartConfig;
    }

    @Override
    public void setRunAsRole(String roleName) {
        context.checkConfigurable();
        this.runAsRole = roleName;
    }

    // ---------------------------------------------------------------- ServletConfig

    @Override
    public String getServletName() {
        return getName();
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Returns the servlet, creating and initialising it on first use.
     *
     * @return the initialised servlet
     * @throws ServletException if it cannot be created or its {@code init} fails
     */
    public Servlet servlet() throws ServletException {
        return initialised();
    }

    @Override
    void init(Servlet servlet) throws ServletException {
        servlet.init(this);
    }

    @Override
    void destroy(Servlet servlet) {
        servlet.destroy();
    }

    @Override
    public String toString() {
        return "servlet " + getName();
    }
}
