package io.loomicorn.springboot.web;

import io.loomicorn.app.SettingsView;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.Ssl;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ServerPropertiesCheckTest {

    private static SettingsView settings(List<String> bind, String rootPath) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("bind", bind);
        values.put("root_path", rootPath);
        return new SettingsView() {
            @Override
            public Set<String> names() {
                return values.keySet();
            }

            @Override
            public Object value(String name) {
                return values.get(name);
            }
        };
    }

    private static ServerPropertiesCheck check(LoomicornServletWebServerFactory f, List<String> bind, String root) {
        return new ServerPropertiesCheck(f, settings(bind, root), null);
    }

    @Test
    void nothingSetIsNothingRefused() {
        assertThat(check(new LoomicornServletWebServerFactory(), List.of("127.0.0.1:8000"), "/app").refusals()).isEmpty();
    }

    @Test
    void aPortOrAddressWhereLoomicornListensIsTaken() throws Exception {
        LoomicornServletWebServerFactory f = new LoomicornServletWebServerFactory();
        f.setPort(8443);
        f.setAddress(InetAddress.getByName("127.0.0.1"));
        assertThat(check(f, List.of("unix:/run/app.sock", "127.0.0.1:8443"), "").refusals()).isEmpty();
        f.setPort(0);
        assertThat(check(f, List.of("127.0.0.1:8443"), "").refusals()).as("0: any port").isEmpty();
    }

    @Test
    void aHostWithoutAPortListensOn8000AndAnEmptyHostOnEveryAddress() throws Exception {
        LoomicornServletWebServerFactory f = new LoomicornServletWebServerFactory();
        f.setPort(8000);
        f.setAddress(InetAddress.getByName("0.0.0.0"));
        assertThat(check(f, List.of(":8000"), "").refusals()).isEmpty();
        f.setAddress(InetAddress.getByName("::1"));
        assertThat(check(f, List.of("[::1]"), "").refusals()).isEmpty();
    }

    @Test
    void anotherPortAddressOrContextPathIsRefusedOneLineEach() throws Exception {
        LoomicornServletWebServerFactory f = new LoomicornServletWebServerFactory();
        f.setPort(9090);
        f.setAddress(InetAddress.getByName("127.0.0.2"));
        f.setContextPath("/api");
        assertThat(check(f, List.of("127.0.0.1:8000", "unix:/run/a.sock"), "").refusals()).containsExactly(
                "server.port=9090 is not where Loomicorn listens (bind: 127.0.0.1:8000): Loomicorn owns the sockets; "
                        + "bind to that port or drop server.port",
                "server.address=127.0.0.2 is not where Loomicorn listens (bind: 127.0.0.1:8000): Loomicorn owns the "
                        + "sockets; bind to that address or drop server.address",
                "server.servlet.context-path=/api is not Loomicorn's root_path (empty): set root_path = /api or drop "
                        + "server.servlet.context-path");
    }

    @Test
    void aContextPathEqualToRootPathIsTakenAndNoneDefersToRootPath() {
        LoomicornServletWebServerFactory f = new LoomicornServletWebServerFactory();
        f.setContextPath("/shop");
        assertThat(check(f, List.of("127.0.0.1:8000"), "/shop").refusals()).isEmpty();
        assertThat(check(new LoomicornServletWebServerFactory(), List.of("127.0.0.1:8000"), "/shop").refusals()).isEmpty();
    }

    @Test
    void whatLoomicornDoesItsOwnWayIsRefused() {
        LoomicornServletWebServerFactory f = new LoomicornServletWebServerFactory();
        Ssl ssl = new Ssl();
        ssl.setEnabled(true);
        ssl.setBundle("web");
        f.setSsl(ssl);
        Http2 http2 = new Http2();
        http2.setEnabled(true);
        f.setHttp2(http2);
        Compression compression = new Compression();
        compression.setEnabled(true);
        f.setCompression(compression);
        f.setServerHeader("acme");
        assertThat(check(f, List.of("127.0.0.1:8000"), "").refusals()).hasSize(4)
                .anyMatch(l -> l.startsWith("server.ssl is enabled"))
                .anyMatch(l -> l.startsWith("server.http2.enabled=true"))
                .anyMatch(l -> l.startsWith("server.compression.enabled=true"))
                .anyMatch(l -> l.equals("server.server-header=acme is not Loomicorn's server_header (loomicorn): "
                        + "set server_header = acme or drop server.server-header"));
        f.setServerHeader("loomicorn");
        assertThat(check(f, List.of("127.0.0.1:8000"), "").refusals()).as("the same Server header").hasSize(3);
    }

    @Test
    void theServerPropertiesNothingReadsAreNamedInOneLine() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("app", Map.of(
                "server.port", "8000", "server.tomcat.threads.max", "50", "server.jetty.max-connections", "9",
                "server.servlet.session.timeout", "5m", "server.error.include-message", "always",
                "server.max-http-request-header-size", "16KB", "spring.application.name", "shop")));
        ServerPropertiesCheck check = new ServerPropertiesCheck(new LoomicornServletWebServerFactory(),
                settings(List.of("127.0.0.1:8000"), ""), env);
        assertThat(check.unusedProperties()).hasValue("Not used by Loomicorn (they configure Boot's embedded servers; "
                + "Loomicorn's settings apply, docs/spring.md): server.jetty.max-connections, "
                + "server.max-http-request-header-size, server.tomcat.threads.max");
    }

    @Test
    void noServerPropertiesNoLine() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("app", Map.of("server.port", "8000")));
        assertThat(new ServerPropertiesCheck(new LoomicornServletWebServerFactory(), settings(List.of(), ""), env)
                .unusedProperties()).isEqualTo(Optional.empty());
    }
}
