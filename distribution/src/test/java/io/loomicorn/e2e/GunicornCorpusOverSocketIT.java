package io.loomicorn.e2e;

import com.typesafe.config.ConfigFactory;
import io.loomicorn.http.parser.BodyDecoder;
import io.loomicorn.http.parser.ParserConfig;
import io.loomicorn.http.parser.RequestParser;
import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * gunicorn's request vectors over a real socket against every worker class: each class
 * must answer exactly as the parser decides in memory (the parser's own corpus test
 * compares that decision with gunicorn's, and {@code docs/conformance.md} lists the
 * differences). Vectors that need non-default settings are left to the in-memory test.
 * Skipped, with a message, when {@code ../shared/conformance/gunicorn-requests} is absent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GunicornCorpusOverSocketIT {

    private static final Set<Integer> PARSE_ERRORS = Set.of(400, 413, 414, 417, 431, 501, 505);

    private final Map<String, LoomicornProcess> servers = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private List<Path> vectors;

    /** How the vectors reach the servers: plain here, TLS in {@link GunicornCorpusOverTlsIT}. */
    Wire wire() {
        return Wire.PLAIN;
    }

    @BeforeAll
    void start() throws Exception {
        Path root = Path.of(System.getProperty("loomicorn.projectRoot", "..")).toAbsolutePath()
                .resolve("../shared/conformance/gunicorn-requests").normalize();
        if (!Files.isDirectory(root)) {
            System.out.println("SKIPPED: gunicorn's request vectors are not at " + root);
        }
        Assumptions.assumeTrue(Files.isDirectory(root), "gunicorn's request vectors are not at " + root);
        try (Stream<Path> files = Stream.concat(Files.list(root.resolve("valid")), Files.list(root.resolve("invalid")))) {
            vectors = files.filter(p -> p.toString().endsWith(".http")).sorted().toList();
        }
        for (String k : List.of("sync", "vthread", "reactor")) {
            List<String> args = new ArrayList<>(wire().serverArgs());
            args.addAll(List.of("-k", k, "-b", "127.0.0.1:0", "--header-timeout", "2", "io.loomicorn.examples.DemoApp"));
            servers.put(k, LoomicornProcess.start(args.toArray(String[]::new)));
        }
        for (Map.Entry<String, LoomicornProcess> e : servers.entrySet()) {
            int port = e.getValue().awaitPort();
            e.getValue().awaitWorkers(1);
            MasterIT.withRetry(() -> wire().get(port, "/"));
            ports.put(e.getKey(), port);
        }
    }

    @AfterAll
    void stop() {
        servers.values().forEach(LoomicornProcess::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void everyClassAnswersAsTheParserDecides(String k) throws Exception {
        int checked = 0;
        List<String> mismatches = new ArrayList<>();
        for (Path http : vectors) {
            Path json = Path.of(http.toString().replace(".http", ".json"));
            if (ConfigFactory.parseFile(json.toFile()).hasPath("settings")
                    && !ConfigFactory.parseFile(json.toFile()).getConfig("settings").isEmpty()) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(http);
            Verdict expected = verdict(bytes);
            String got = exchange(ports.get(k), bytes, expected, k.equals("sync"));
            if (got != null) {
                mismatches.add(http.getParent().getFileName() + "/" + http.getFileName() + ": " + got);
            }
            checked++;
        }
        assertThat(mismatches).as(k + ": vectors answered otherwise than the parser decides").isEmpty();
        assertThat(checked).isGreaterThan(100);
    }

    /** What the parser decides for the whole input: how many complete requests, then an error status or not. */
    private record Verdict(int requests, int headError, boolean bodyError, boolean closes) {
    }

    private static Verdict verdict(byte[] bytes) {
        RequestParser parser = new RequestParser(ParserConfig.defaults());
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int requests = 0;
        boolean keepAlive = true;
        while (in.hasRemaining() && keepAlive) {
            RequestParser.Status s = parser.parse(in);
            if (s == RequestParser.Status.ERROR) {
                return new Verdict(requests, parser.error().status(), false, true);
            }
            if (s == RequestParser.Status.NEED_MORE) {
                return new Verdict(requests, 0, false, true); // truncated: the server waits, then times out
            }
            keepAlive = parser.head().keepAlive();
            BodyDecoder body = parser.body();
            byte[] sink = new byte[4096];
            int n;
            while ((n = body.read(in, sink, 0, sink.length)) > 0) {
                // discard
            }
            if (n == BodyDecoder.ERROR || n == BodyDecoder.NEED_MORE) {
                return new Verdict(requests + 1, 0, true, true);
            }
            requests++;
            parser.reset();
        }
        return new Verdict(requests, 0, false, !keepAlive);
    }

    /** Sends the vector and checks the answer; returns a description of a mismatch, or null. */
    private String exchange(int port, byte[] bytes, Verdict v, boolean sync) {
        try (HttpTestClient c = wire().client(port, 10_000)) {
            c.send(bytes);
            int expectedResponses = sync ? Math.min(1, v.requests()) : v.requests();
            for (int i = 0; i < expectedResponses; i++) {
                HttpResponse r = v.bodyError() && i == v.requests() - 1 ? readOrNull(c) : c.read();
                if (r == null) {
                    return null; // the bad body may end the connection before the app answers
                }
                if (PARSE_ERRORS.contains(r.status()) && !(v.bodyError() && i == v.requests() - 1)) {
                    return "response " + i + " is a parse error " + r.status() + ", the parser accepts it";
                }
            }
            if (v.headError() != 0 && !(sync && v.requests() > 0)) {
                HttpResponse r = c.read();
                if (r.status() != v.headError()) {
                    return "status " + r.status() + ", the parser says " + v.headError();
                }
                if (!"close".equalsIgnoreCase(r.header("Connection"))) {
                    return "an error response without Connection: close";
                }
            }
            if ((v.closes() || sync) && !c.isClosedByServer()) {
                return "the connection stayed open";
            }
            return null;
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static HttpResponse readOrNull(HttpTestClient c) {
        try {
            return c.read();
        } catch (IOException e) {
            return null;
        }
    }
}
