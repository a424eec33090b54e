package io.loomicorn.servlet.registration;

import jakarta.servlet.DispatcherType;

import java.util.EnumSet;
import java.util.List;

/**
 * One {@code addMappingFor...} call: a filter, the URL patterns or servlet names it applies
 * to, and the dispatcher types it runs for.
 *
 * @param filter          the filter
 * @param kind            URL patterns or servlet names
 * @param values          the patterns or names
 * @param dispatcherTypes the dispatches it runs for
 */
public record FilterMapping(FilterHolder filter, Kind kind, List<String> values,
                            EnumSet<DispatcherType> dispatcherTypes) {

    /** What a filter mapping matches on. */
    public enum Kind {
        /** URL patterns, matched against the path within the application. */
        URL_PATTERN,
        /** Servlet names, matched against the servlet that the request reaches. */
        SERVLET_NAME
    }
}
