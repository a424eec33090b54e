package io.loomicorn.springboot.it;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring MVC 7 application without Boot ({@code apps/mvc}): named by its
 * {@code WebApplicationInitializer}, started by Spring's own {@code ServletContainerInitializer}
 * through {@code @HandlesTypes}, with no line of Loomicorn's in it; the Boot adapter on the same
 * class path leaves the class to the servlet adapter. On every worker class.
 */
@Tag("spring")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringMvcIT {

    private static final String INITIALIZER = "io.loomicorn.springboot.apps.mvc.MvcInitializer";
    private final Map<String, LoomicornProcess> masters = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    @BeforeAll
    void start() throws Exception {
        String cp = String.join(File.pathSeparator, SpringApps.LIB + "/*", SpringApps.adapterJar().toString(),
                SpringApps.appJar("mvc").toString());
        for (String k : BootRestIT.CLASSES) {
            masters.put(k, LoomicornProcess.start("-k", k, "-w", "1", "-b", "127.0.0.1:0", "--timeout",
                    SpringApps.BOOT_TIMEOUT, "--aot-cache", "off", "--classpath", cp, INITIALIZER));
        }
        for (String k : BootRestIT.CLASSES) {
            ports.put(k, masters.get(k).awaitPort());
            SpringApps.awaitAnswer(ports.get(k), "/greet/x", 200);
        }
    }

    @AfterAll
    void stop() {
        masters.values().forEach(LoomicornProcess::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void springsInitializerFindsTheApplicationsWebApplicationInitializer(String k) {
        assertThat(masters.get(k).awaitLog("Servlet application started", Duration.ofSeconds(10)))
                .contains("org.springframework.web.SpringServletContainerInitializer",
                        "servlets dispatcher [/]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void jsonInAndOut(String k) throws Exception {
        int port = ports.get(k);
        HttpResponse greet = SpringApps.exchange(port, "GET /greet/Ada HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(greet.status()).isEqualTo(200);
        assertThat(greet.header("Content-Type")).isEqualTo("application/json");
        assertThat(greet.text()).isEqualTo("{\"greeting\":\"Hello, Ada\"}");
        String body = "{\"a\":1,\"b\":[true,null]}";
        HttpResponse echo = SpringApps.exchange(port, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        assertThat(echo.status()).isEqualTo(202);
        assertThat(echo.text()).isIn("{\"fields\":2,\"body\":{\"a\":1,\"b\":[true,null]}}",
                "{\"body\":{\"a\":1,\"b\":[true,null]},\"fields\":2}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void anAsyncCallableCompletesThroughTheContainersAsyncSupport(String k) throws Exception {
        HttpResponse later = SpringApps.exchange(ports.get(k), "GET /later HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(later.status()).isEqualTo(200);
        assertThat(later.text()).contains("\"async\":\"yes\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void anUnmappedPathIsSpringsOwn404(String k) throws Exception {
        HttpResponse r = SpringApps.exchange(ports.get(k), "GET /nothing/here HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(r.status()).isEqualTo(404);
    }
}
