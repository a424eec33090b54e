package io.loomicorn.servlet.mapping;

import jakarta.servlet.http.MappingMatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mapping rules of Servlet 6.1 §12.1 and the examples of {@code HttpServletMapping}'s javadoc. */
class ServletMapperTest {

    private static ServletMapper<String> mapper() {
        ServletMapper<String> m = new ServletMapper<>();
        m.add("", "root", "root");
        m.add("/", "default", "default");
        m.add("/MyServlet", "exact", "exact");
        m.add("*.extension", "ext", "ext");
        m.add("/path/*", "path", "path");
        m.add("/path/deeper/*", "deeper", "deeper");
        return m;
    }

    private static String describe(ServletMatch<String> m) {
        return m.target() + " " + m.servletPath() + "|" + m.pathInfo() + " " + m.mapping().getMappingMatch() + " "
                + m.mapping().getPattern() + " '" + m.mapping().getMatchValue() + "'";
    }

    @Test
    void followsTheSpecificationsTable() {
        ServletMapper<String> m = mapper();
        assertThat(describe(m.match("/"))).isEqualTo("root |/ CONTEXT_ROOT  ''");
        assertThat(describe(m.match("/index.html"))).isEqualTo("default /index.html|null DEFAULT / ''");
        assertThat(describe(m.match("/MyServlet/index.html"))).isEqualTo("default /MyServlet/index.html|null DEFAULT / ''");
        assertThat(describe(m.match("/MyServlet"))).isEqualTo("exact /MyServlet|null EXACT /MyServlet 'MyServlet'");
        assertThat(describe(m.match("/foo.extension"))).isEqualTo("ext /foo.extension|null EXTENSION *.extension 'foo'");
        assertThat(describe(m.match("/bar/foo.extension")))
                .isEqualTo("ext /bar/foo.extension|null EXTENSION *.extension 'bar/foo'");
        assertThat(describe(m.match("/path/foo"))).isEqualTo("path /path|/foo PATH /path/* 'foo'");
        assertThat(describe(m.match("/path/foo/bar"))).isEqualTo("path /path|/foo/bar PATH /path/* 'foo/bar'");
    }

    @Test
    void theLongestPrefixWinsAndPrefixesBeatExtensions() {
        ServletMapper<String> m = mapper();
        assertThat(m.match("/path/deeper/x.extension").target()).isEqualTo("deeper");
        assertThat(describe(m.match("/path"))).isEqualTo("path /path|null PATH /path/* ''");
        assertThat(m.match("/pathology").target()).isEqualTo("default");
        assertThat(m.match("/path.d/x").target()).isEqualTo("default");
    }

    @Test
    void nothingMatchesWithoutADefault() {
        ServletMapper<String> m = new ServletMapper<>();
        m.add("/a", "a", "a");
        assertThat(m.match("/b")).isNull();
        assertThat(m.hasDefault()).isFalse();
        m.add("/*", "all", "all");
        assertThat(describe(m.match("/b/c"))).isEqualTo("all |/b/c PATH /* 'b/c'");
        assertThat(m.match("/a").mapping().getMappingMatch()).isEqualTo(MappingMatch.EXACT);
    }

    @Test
    void filterPatternsMatchAsServletPatterns() {
        assertThat(UrlPattern.matches("/*", "/x")).isTrue();
        assertThat(UrlPattern.matches("/", "/x/y")).isTrue();
        assertThat(UrlPattern.matches("", "/")).isTrue();
        assertThat(UrlPattern.matches("", "/x")).isFalse();
        assertThat(UrlPattern.matches("/a/*", "/a")).isTrue();
        assertThat(UrlPattern.matches("/a/*", "/ab")).isFalse();
        assertThat(UrlPattern.matches("*.jsp", "/a/b.jsp")).isTrue();
        assertThat(UrlPattern.matches("*.jsp", "/a.jsp/b")).isFalse();
        assertThat(UrlPattern.matches("/exact", "/exact")).isTrue();
    }

    @Test
    void invalidPatternsAreRefused() {
        for (String bad : new String[] {"foo", "/a/*/b", "*.", "*.a/b", "/a*", "**.x"}) {
            assertThatThrownBy(() -> UrlPattern.check(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        for (String good : new String[] {"", "/", "/*", "/a/*", "*.do", "/a/b"}) {
            UrlPattern.check(good);
        }
    }
}
