package io.loomicorn.e2e.servlet;

import io.loomicorn.e2e.servlet.jersey.ShopApplication;
import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jersey 4 (JAX-RS) on Loomicorn, deployed the standard way: its jars on the class path
 * register Jersey's {@code ServletContainerInitializer}, which finds the
 * {@code @ApplicationPath} application through {@code @HandlesTypes}; the user names the
 * application class. On every worker class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JerseyIT {

    private final Map<String, LoomicornProcess> servers = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    /** Jersey and what it needs, from this test's class path: what a user puts in lib/. */
    static String jerseyClasspath() {
        List<String> entries = new ArrayList<>();
        entries.add(Path.of("target", "test-classes").toAbsolutePath().toString());
        Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.contains("/org/glassfish/") || p.contains("/com/fasterxml/") || p.contains("/jakarta/ws/")
                        || p.contains("/jakarta/inject/") || p.contains("/jakarta/annotation/")
                        || p.contains("/jakarta/validation/") || p.contains("/jakarta/xml/")
                        || p.contains("/jakarta/activation/") || p.contains("/org/javassist/"))
                .forEach(entries::add);
        return String.join(":", entries);
    }

    @BeforeAll
    void start() throws Exception {
        String cp = jerseyClasspath();
        for (String k : ServletDiffIT.CLASSES) {
            servers.put(k, LoomicornProcess.start("-k", k, "-w", "1", "-b", "127.0.0.1:0", "--timeout", "30",
                    "--worker-jvm-args", "-Xmx96m", "--classpath", cp, ShopApplication.class.getName()));
        }
        for (String k : ServletDiffIT.CLASSES) {
            ports.put(k, servers.get(k).awaitPort());
            servers.get(k).awaitWorkers(1);
            ServletSupport.awaitServing(ports.get(k));
        }
    }

    @AfterAll
    void stop() {
        servers.values().forEach(LoomicornProcess::close);
    }

    private HttpResponse exchange(String k, String request) throws Exception {
        return Exchanges.exchange(ports.get(k), request);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void eachWorkerSaysWhatItServes(String k) {
        assertThat(servers.get(k).awaitLog("Servlet application started", java.time.Duration.ofSeconds(10)))
                .contains("(initializers: org.glassfish.jersey.servlet.init.JerseyServletContainerInitializer): "
                        + "servlets " + ShopApplication.class.getName() + " [/api/*], default [/]; 0 filter(s), 0 listener(s)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void pathAndQueryParametersToJson(String k) throws Exception {
        HttpResponse r = exchange(k, "GET /api/items/7?lang=fr HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n");
        assertThat(r.status()).as(servers.get(k).log()).isEqualTo(200);
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.text()).isEqualTo("{\"id\":7,\"name\":\"item 7 fr\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void jsonInAndOut(String k) throws Exception {
        String body = "{\"id\":21,\"name\":\"widget\"}";
        HttpResponse r = exchange(k, "POST /api/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"id\":42,\"name\":\"WIDGET\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void anExceptionMapperAnswers(String k) throws Exception {
        HttpResponse r = exchange(k, "GET /api/items/0 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.text()).isEqualTo("{\"error\":\"no item 0\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void aSuspendedResponseResumesFromAnotherThread(String k) throws Exception {
        HttpResponse r = exchange(k, "GET /api/items/async/5 HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"id\":5,\"name\":\"resumed on another thread\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void anUnknownPathIsJerseys404(String k) throws Exception {
        assertThat(exchange(k, "GET /api/nothing HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(404);
        assertThat(exchange(k, "GET /outside-the-api HTTP/1.1\r\nHost: x\r\n\r\n").status()).isEqualTo(404);
    }
}
