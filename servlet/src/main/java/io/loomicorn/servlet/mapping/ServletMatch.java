package io.loomicorn.servlet.mapping;

import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.MappingMatch;

/**
 * Where a path lands: the servlet, and how the path splits into servlet path and path info.
 *
 * @param target      the servlet's holder, of the caller's type
 * @param servletPath {@code getServletPath()}
 * @param pathInfo    {@code getPathInfo()}, or null
 * @param mapping     {@code getHttpServletMapping()}
 * @param <T>         the holder type
 */
public record ServletMatch<T>(T target, String servletPath, String pathInfo, HttpServletMapping mapping) {

    /**
     * The {@link HttpServletMapping} of a match.
     *
     * @param matchValue   the part of the path that matched
     * @param pattern      the pattern that matched
     * @param servletName  the servlet's name
     * @param mappingMatch the kind of match
     */
    public record Mapping(String matchValue, String pattern, String servletName, MappingMatch mappingMatch)
            implements HttpServletMapping {

        @Override
        public String getMatchValue() {
            return matchValue;
        }

        @Override
        public String getPattern() {
            return pattern;
        }

        @Override
        public String getServletName() {
            return servletName;
        }

        @Override
        public MappingMatch getMappingMatch() {
            return mappingMatch;
        }

        @Override
        public String toString() {
            return "HttpServletMapping{matchValue=" + matchValue + ", pattern=" + pattern + ", servletName="
                    + servletName + ", mappingMatch=" + mappingMatch + "}";
        }
    }
}
