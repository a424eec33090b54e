package io.loomicorn.servlet.dispatch;

import io.loomicorn.servlet.mapping.UrlPattern;
import io.loomicorn.servlet.registration.FilterHolder;
import io.loomicorn.servlet.registration.FilterMapping;
import io.loomicorn.servlet.registration.ServletHolder;
import io.loomicorn.servlet.request.Requests;
import io.loomicorn.servlet.request.ServletRequestImpl;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters that apply to one dispatch, then its servlet (Servlet 6.1 §6.2.4): first the
 * filters whose URL pattern matches the path, then those mapped to the servlet's name,
 * each group in mapping order, each filter once.
 */
final class FilterChainImpl implements FilterChain {

    private final List<FilterHolder> filters;
    private final ServletHolder servlet;
    private int next;

    private FilterChainImpl(List<FilterHolder> filters, ServletHolder servlet) {
        this.filters = filters;
        this.servlet = servlet;
    }

    /**
     * Builds the chain of a dispatch.
     *
     * @param context the application
     * @param type    the dispatcher type
     * @param path    the path within the application, or null for a named dispatch
     * @param servlet the target servlet
     * @return the chain
     */
    static FilterChainImpl of(DispatchContext context, DispatcherType type, String path, ServletHolder servlet) {
        List<FilterMapping> mappings = context.filterMappings().all();
        if (mappings.isEmpty()) {
            return new FilterChainImpl(List.of(), servlet);
        }
        List<FilterHolder> chain = new ArrayList<>();
        for (FilterMapping m : mappings) {
            if (m.kind() == FilterMapping.Kind.URL_PATTERN && path != null && m.dispatcherTypes().contains(type)
                    && !chain.contains(m.filter())) {
                for (String p : m.values()) {
                    if (UrlPattern.matches(p, path)) {
                        chain.add(m.filter());
                        break;
                    }
                }
            }
        }
        for (FilterMapping m : mappings) {
            if (m.kind() == FilterMapping.Kind.SERVLET_NAME && m.dispatcherTypes().contains(type)
                    && !chain.contains(m.filter())
                    && (m.values().contains(servlet.getName()) || m.values().contains("*"))) {
                chain.add(m.filter());
            }
        }
        return new FilterChainImpl(chain, servlet);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
        ServletRequestImpl base = Requests.base(request);
        boolean asyncBefore = base.isAsyncSupported();
        try {
            if (next < filters.size()) {
                FilterHolder f = filters.get(next++);
                base.setAsyncSupported(asyncBefore && f.isAsyncSupported());
                f.filter().doFilter(request, response, this);
            } else {
                base.setAsyncSupported(asyncBefore && servlet.isAsyncSupported());
                base.setCurrentServlet(servlet);
                servlet.servlet().service(request, response);
            }
        } finally {
            base.setAsyncSupported(asyncBefore);
        }
    }
}
