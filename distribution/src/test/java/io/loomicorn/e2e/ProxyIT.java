package io.loomicorn.e2e;

import io.loomicorn.testing.HttpResponse;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.LoomicornProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loomicorn behind Debian's nginx and HAProxy, on every worker class, over loopback TCP and
 * Unix sockets. The proxy configurations are the ones {@code docs/operations.md} shows,
 * read from that file, with only addresses, ports and paths replaced. {@code reactor}
 * refuses {@code unix:} binds (XNIO has no Unix transport), so it is tested over TCP only.
 *
 * <p>Clients connect from {@code 127.0.0.2}, which is not in the default
 * {@code forwarded_allow_ips} or {@code proxy_allow_ips}: what they send themselves must be
 * ignored, and what the proxies (on {@code 127.0.0.1}, or a Unix socket) say must be
 * believed. Needs {@code nginx}, {@code haproxy} and {@code openssl} ({@code .ci/run} installs
 * the first two); without one of them it is skipped with a message naming it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyIT {

    private static final InetAddress CLIENT = loopback("127.0.0.2");
    private static final String ACCESS_FORMAT = "ACCESS %(h)s \"%({x-forwarded-for}i)s\" %(U)s %({script_name}e)s"
            + " %({wsgi.url_scheme}e)s %(q)s";

    /** A Loomicorn server under test, and how the proxies reach it. */
    private record Route(String id, String workerClass, LoomicornProcess server, String upstream, int nginxPort,
                         int haproxyTlsPort, int haproxyPlainPort) {
        boolean unix() {
            return upstream.startsWith("/");
        }
    }

    private Path dir;
    private final Map<String, LoomicornProcess> servers = new LinkedHashMap<>();
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private Process nginx;
    private Process haproxy;
    private SSLContext tls;

    @BeforeAll
    void start() throws Exception {
        String nginxBinary = binary("nginx", "apt-get install -y nginx-light");
        String haproxyBinary = binary("haproxy", "apt-get install -y haproxy");
        String openssl = binary("openssl", "apt-get install -y openssl");
        dir = Files.createTempDirectory(Path.of("/tmp"), "loomicorn-proxy-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        certificate(openssl);
        for (String k : List.of("sync", "vthread", "reactor")) {
            Path sock = dir.resolve(k + ".sock");
            List<String> args = new ArrayList<>(List.of("-k", k, "-w", "1", "-b", "127.0.0.1:0"));
            if (!k.equals("reactor")) {
                args.addAll(List.of("-b", "unix:" + sock, "--umask", "0"));
            }
            args.addAll(List.of("--proxy-protocol", "--timeout", "20", "--worker-jvm-args", "-Xmx48m",
                    "--access-logfile", "-", "--access-logformat", ACCESS_FORMAT,
                    "--classpath", E2E.TEST_CLASSES, "io.loomicorn.e2e.ProxyEchoApp:APP"));
            servers.put(k, LoomicornProcess.start(args.toArray(String[]::new)));
        }
        for (Map.Entry<String, LoomicornProcess> e : servers.entrySet()) {
            String k = e.getKey();
            LoomicornProcess m = e.getValue();
            int port = m.awaitPort();
            m.awaitWorkers(1);
            add(new Route(k + "-tcp", k, m, "127.0.0.1:" + port, freePort(), freePort(), freePort()));
            if (!k.equals("reactor")) {
                m.awaitLog("Listening at: unix:" + dir.resolve(k + ".sock"), Duration.ofSeconds(30));
                add(new Route(k + "-unix", k, m, dir.resolve(k + ".sock").toString(), freePort(), freePort(),
                        freePort()));
            }
        }
        nginx = Nginx.start(nginxBinary, dir, 128, nginxServers());
        Path haproxyConf = dir.resolve("haproxy.cfg");
        Files.writeString(haproxyConf, haproxyConfig());
        Process check = new ProcessBuilder(haproxyBinary, "-c", "-f", haproxyConf.toString()).redirectErrorStream(true)
                .start();
        String checkOut = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as("haproxy -c:\n" + checkOut + "\n" + Files.readString(haproxyConf)).isZero();
        haproxy = new ProcessBuilder(haproxyBinary, "-db", "-f", haproxyConf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.out").toFile()).start();
        for (Route r : routes.values()) {
            MasterIT.withRetry(() -> whoami(viaNginx(r), r.nginxPort(), "/app/whoami"));
            MasterIT.withRetry(() -> whoami(plain(r.haproxyPlainPort()), r.haproxyPlainPort(), "/whoami"));
        }
    }

    private void add(Route r) {
        routes.put(r.id(), r);
    }

    @AfterAll
    void stop() throws Exception {
        for (Process p : new Process[] {nginx, haproxy}) {
            if (p != null) {
                p.destroy(); // SIGTERM, by pid
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        servers.values().forEach(LoomicornProcess::close);
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---------------------------------------------------------------- nginx

    @ParameterizedTest
    @ValueSource(strings = {"sync-tcp", "sync-unix", "vthread-tcp", "vthread-unix", "reactor-tcp"})
    void nginxTerminatesTlsAndMountsTheAppUnderAPath(String id) throws Exception {
        Route r = routes.get(id);
        Map<String, String> seen;
        try (HttpTestClient c = viaNginx(r)) {
            HttpResponse res = c.exchange("GET /app/whoami?route=" + id + " HTTP/1.1\r\nHost: shop.example:"
                    + r.nginxPort() + "\r\nX-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Proto: http\r\n"
                    + "SCRIPT_NAME: /evil\r\n\r\n");
            assertThat(res.status()).as(res.text()).isEqualTo(200);
            seen = parse(res.text());
        }
        assertThat(seen.get("scheme")).isEqualTo("https");
        assertThat(seen.get("secure")).isEqualTo("true");
        assertThat(seen.get("remote")).as("the client's X-Forwarded-For entry is left of nginx's").isEqualTo("127.0.0.2:0");
        assertThat(seen.get("peer")).as("nginx itself").startsWith(r.unix() ? "unix" : "127.0.0.1:");
        assertThat(seen.get("server")).isEqualTo("shop.example:" + r.nginxPort());
        assertThat(seen.get("script_name")).isEqualTo("/app");
        assertThat(seen.get("path_info")).isEqualTo("/whoami");
        assertThat(seen.get("headers")).as("SCRIPT_NAME is never shown to the app").isEqualTo("false");
        try (HttpTestClient c = viaNginx(r)) {
            HttpResponse res = c.exchange("GET /app/login HTTP/1.1\r\nHost: shop.example:" + r.nginxPort() + "\r\n\r\n");
            assertThat(res.status()).isEqualTo(302);
            assertThat(res.header("Location")).isEqualTo("https://shop.example:" + r.nginxPort() + "/app/welcome");
        }
        String line = awaitAccessLine(r.server(), "route=" + id);
        assertThat(line).contains("ACCESS 127.0.0.2 \"6.6.6.6, 127.0.0.2\" /whoami /app https route=" + id);
    }

    // ---------------------------------------------------------------- HAProxy

    @ParameterizedTest
    @ValueSource(strings = {"sync-tcp", "sync-unix", "vthread-tcp", "vthread-unix", "reactor-tcp"})
    void haproxySendProxyNamesTheClientAndItsOwnHeadersAreIgnored(String id) throws Exception {
        Route r = routes.get(id);
        try (Socket s = fromClient(r.haproxyPlainPort()); HttpTestClient c = HttpTestClient.over(s)) {
            int rounds = r.workerClass().equals("sync") ? 1 : 3; // sync closes after each response
            for (int i = 0; i < rounds; i++) {
                HttpResponse res = c.exchange("GET /whoami?route=" + id + "-v1 HTTP/1.1\r\nHost: x\r\n"
                        + "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Proto: https\r\n\r\n");
                assertThat(res.status()).as(res.text()).isEqualTo(200);
                Map<String, String> seen = parse(res.text());
                assertThat(seen.get("remote")).isEqualTo("127.0.0.2:" + s.getLocalPort());
                assertThat(seen.get("peer")).startsWith(r.unix() ? "unix" : "127.0.0.1:");
                assertThat(seen.get("scheme")).as("HAProxy's client wrote X-Forwarded-Proto itself").isEqualTo("http");
                assertThat(seen.get("tls")).isEqualTo("-");
            }
        }
        String line = awaitAccessLine(r.server(), "route=" + id + "-v1");
        assertThat(line).contains("ACCESS 127.0.0.2 \"6.6.6.6\" /whoami  http route=" + id + "-v1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync-tcp", "sync-unix", "vthread-tcp", "vthread-unix", "reactor-tcp"})
    void haproxySendProxyV2SaysTheClientUsedTlsAndItsSniName(String id) throws Exception {
        Route r = routes.get(id);
        try (Socket s = fromClientTls(r.haproxyTlsPort(), "shop.test"); HttpTestClient c = HttpTestClient.over(s)) {
            HttpResponse res = c.exchange("GET /whoami HTTP/1.1\r\nHost: shop.test:" + r.haproxyTlsPort() + "\r\n\r\n");
            assertThat(res.status()).as(res.text()).isEqualTo(200);
            Map<String, String> seen = parse(res.text());
            assertThat(seen.get("scheme")).isEqualTo("https");
            assertThat(seen.get("remote")).isEqualTo("127.0.0.2:" + s.getLocalPort());
            assertThat(seen.get("peer")).startsWith(r.unix() ? "unix" : "127.0.0.1:");
            assertThat(seen.get("tls")).isEqualTo(((SSLSocket) s).getSession().getProtocol() + " sni=shop.test");
            assertThat(seen.get("server")).isEqualTo("shop.test:" + r.haproxyTlsPort());
        }
        try (Socket s = fromClientTls(r.haproxyTlsPort(), "shop.test"); HttpTestClient c = HttpTestClient.over(s)) {
            HttpResponse res = c.exchange("GET /login HTTP/1.1\r\nHost: shop.test:" + r.haproxyTlsPort() + "\r\n\r\n");
            assertThat(res.status()).isEqualTo(302);
            assertThat(res.header("Location")).isEqualTo("https://shop.test:" + r.haproxyTlsPort() + "/welcome");
        }
    }

    // ---------------------------------------------------------------- no proxy at all

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void aClientOutsideTheAllowListsCannotSpoofAnything(String k) throws Exception {
        Route r = routes.get(k + "-tcp");
        int port = Integer.parseInt(r.upstream().substring(r.upstream().lastIndexOf(':') + 1));
        try (Socket s = fromClient(port); HttpTestClient c = HttpTestClient.over(s)) {
            HttpResponse res = c.exchange("GET /whoami HTTP/1.1\r\nHost: x\r\nX-Forwarded-Proto: https\r\n"
                    + "X-Forwarded-Ssl: off\r\nX-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Host: evil.example\r\n"
                    + "Forwarded: for=6.6.6.7;proto=https\r\nSCRIPT_NAME: /whoami\r\nConnection: close\r\n\r\n");
            assertThat(res.status()).as("the contradictory pair of an untrusted peer is ignored").isEqualTo(200);
            Map<String, String> seen = parse(res.text());
            assertThat(seen.get("scheme")).isEqualTo("http");
            assertThat(seen.get("remote")).isEqualTo("127.0.0.2:" + s.getLocalPort());
            assertThat(seen.get("peer")).isEqualTo("127.0.0.2:" + s.getLocalPort());
            assertThat(seen.get("server")).isEqualTo("x:80");
            assertThat(seen.get("script_name")).isEmpty();
        }
        try (Socket s = fromClient(port); HttpTestClient c = HttpTestClient.over(s)) {
            HttpResponse res = c.exchange("PROXY TCP4 127.0.0.1 127.0.0.1 1 2\r\nGET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(res.status()).as("a PROXY header from outside proxy_allow_ips").isEqualTo(403);
            assertThat(c.isClosedByServer()).isTrue();
        }
        r.server().awaitLog("Invalid request from ip=127.0.0.2: PROXY protocol header not allowed from this address",
                Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void badPROXYHeadersAre400AndTheWorkerKeepsServing(String k) throws Exception {
        Route r = routes.get(k + "-tcp");
        int port = Integer.parseInt(r.upstream().substring(r.upstream().lastIndexOf(':') + 1));
        for (String bad : List.of("PROXY TCP4 192.168.0.1 192.168.0.11 56324\r\n",
                "PROXY TCP4 192.168.0.1 192.168.0.11 65iii 100000\r\n",
                "PROXY UNKNOWN " + "x".repeat(100) + "\r\n")) {
            try (HttpTestClient c = HttpTestClient.connect(port)) {
                HttpResponse res = c.exchange(bad + "GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(res.status()).as(bad).isEqualTo(400);
                assertThat(res.header("Connection")).isEqualTo("close");
                assertThat(c.isClosedByServer()).isTrue();
            }
        }
        // A header cut short: the client stops sending (half-close) in the middle of it.
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(loopback("127.0.0.1"), port), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write("PROXY TCP4 192.168.0.1 19".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("the connection ended inside the header");
        }
        // A PROXY header on a later request of the connection is a malformed request.
        if (!k.equals("sync")) {
            try (HttpTestClient c = HttpTestClient.connect(port)) {
                HttpResponse first = c.exchange("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"
                        + "GET /whoami HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(parse(first.text()).get("remote")).isEqualTo("192.168.0.1:56324");
                HttpResponse later = c.exchange("PROXY TCP4 10.9.9.9 192.168.0.11 1 443\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(later.status()).isEqualTo(400);
            }
        }
        try (HttpTestClient c = HttpTestClient.connect(port)) {
            HttpResponse res = c.exchange("GET /whoami HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(res.status()).isEqualTo(200);
            assertThat(parse(res.text()).get("remote")).startsWith("127.0.0.1:");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync", "vthread", "reactor"})
    void aTrustedPeersContradictionsAre400AndAPathOutsideTheMountPoint500(String k) throws Exception {
        Route r = routes.get(k + "-tcp");
        int port = Integer.parseInt(r.upstream().substring(r.upstream().lastIndexOf(':') + 1));
        try (HttpTestClient c = HttpTestClient.connect(port)) {
            HttpResponse res = c.exchange("GET /whoami HTTP/1.1\r\nHost: x\r\nX-Forwarded-Proto: https\r\n"
                    + "X-Forwarded-Ssl: off\r\n\r\n");
            assertThat(res.status()).isEqualTo(400);
            assertThat(res.text()).contains("Contradictory scheme headers");
        }
        try (HttpTestClient c = HttpTestClient.connect(port)) {
            HttpResponse res = c.exchange("GET /other/whoami HTTP/1.1\r\nHost: x\r\nSCRIPT_NAME: /app\r\n\r\n");
            assertThat(res.status()).isEqualTo(500);
        }
        r.server().awaitLog("Configuration problem: request path '/other/whoami' is not below the mount point '/app'"
                + " (the SCRIPT_NAME header of a trusted proxy)", Duration.ofSeconds(10));
    }

    // ---------------------------------------------------------------- proxies' configurations

    /** The nginx configuration of docs/operations.md, once per route. */
    private String nginxServers() throws IOException {
        String doc = docBlock("nginx");
        StringBuilder servers = new StringBuilder();
        for (Route r : routes.values()) {
            String id = r.id().replace('-', '_');
            String block = doc.replace("upstream loomicorn {", "upstream loomicorn_" + id + " {")
                    .replace("http://loomicorn;", "http://loomicorn_" + id + ";")
                    .replace("server unix:/run/loomicorn.sock;", "server " + (r.unix() ? "unix:" : "") + r.upstream() + ";")
                    .replace("listen 443 ssl;", "listen 127.0.0.1:" + r.nginxPort() + " ssl;")
                    .replace("/etc/nginx/shop.crt", dir.resolve("cert.pem").toString())
                    .replace("/etc/nginx/shop.key", dir.resolve("key.pem").toString());
            assertThat(block).as("the documented nginx configuration has the expected shape")
                    .doesNotContain("/run/loomicorn.sock", "listen 443", "/etc/nginx");
            servers.append(block).append('\n');
        }
        return servers.toString();
    }

    /** The HAProxy configuration of docs/operations.md: its global part once, its proxies once per route. */
    private String haproxyConfig() throws IOException {
        String doc = docBlock("haproxy");
        int proxies = doc.indexOf("frontend ");
        StringBuilder cfg = new StringBuilder(doc.substring(0, proxies));
        for (Route r : routes.values()) {
            String id = r.id().replace('-', '_');
            String block = doc.substring(proxies)
                    .replace("tls_in", "tls_in_" + id).replace("plain_in", "plain_in_" + id)
                    .replace("loomicorn_v2", "loomicorn_v2_" + id).replace("loomicorn_v1", "loomicorn_v1_" + id)
                    .replace("bind :443 ssl crt /etc/haproxy/shop.pem",
                            "bind 127.0.0.1:" + r.haproxyTlsPort() + " ssl crt " + dir.resolve("haproxy.pem"))
                    .replace("bind :80", "bind 127.0.0.1:" + r.haproxyPlainPort())
                    .replace("/run/loomicorn.sock", r.upstream());
            assertThat(block).as("the documented HAProxy configuration has the expected shape")
                    .doesNotContain("bind :443", "/etc/haproxy", "bind :80").contains("send-proxy-v2", "send-proxy\n");
            cfg.append(block).append('\n');
        }
        return cfg.toString();
    }

    /** The fenced block after {@code <!-- ProxyIT: NAME -->} in docs/operations.md. */
    private static String docBlock(String name) throws IOException {
        return DocBlocks.read("docs/operations.md", "ProxyIT", name, name);
    }

    // ---------------------------------------------------------------- clients

    private HttpTestClient viaNginx(Route r) throws IOException {
        return HttpTestClient.over(fromClientTls(r.nginxPort(), "shop.example"));
    }

    private static HttpTestClient plain(int port) throws IOException {
        return HttpTestClient.over(fromClient(port));
    }

    private static HttpResponse whoami(HttpTestClient c, int port, String path) throws IOException {
        try (c) {
            HttpResponse res = c.exchange("GET " + path + " HTTP/1.1\r\nHost: shop.example:" + port
                    + "\r\nConnection: close\r\n\r\n");
            if (res.status() != 200) {
                throw new IOException("not ready: " + res.status() + " " + res.text());
            }
            return res;
        }
    }

    /** A plain connection from 127.0.0.2. */
    private static Socket fromClient(int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(CLIENT, 0));
        s.connect(new InetSocketAddress(loopback("127.0.0.1"), port), 5_000);
        s.setSoTimeout(15_000);
        return s;
    }

    /** A TLS connection from 127.0.0.2 that sends {@code sni}, trusting the test's certificate. */
    private Socket fromClientTls(int port, String sni) throws IOException {
        Socket plain = fromClient(port);
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, sni, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(sni)));
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    /** A throw-away EC certificate for shop.example and shop.test, made for this run. */
    private void certificate(String openssl) throws Exception {
        Process p = new ProcessBuilder(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=shop.example",
                "-addext", "subjectAltName=DNS:shop.example,DNS:shop.test",
                "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("openssl req: " + out).isZero();
        Files.writeString(dir.resolve("haproxy.pem"),
                Files.readString(dir.resolve("cert.pem")) + Files.readString(dir.resolve("key.pem")));
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("cert.pem"))) {
            trust.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
    }

    // ---------------------------------------------------------------- helpers

    /** The access log line (on the server's stdout) that contains {@code text}; the log is written after the response. */
    private static String awaitAccessLine(LoomicornProcess m, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadline < 0) {
            for (String line : m.stdout().split("\n")) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no access log line with " + text + ":\n" + m.stdout());
    }

    private static Map<String, String> parse(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    private static String binary(String name, String install) {
        return Programs.find(name, install, "ProxyIT");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, loopback("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static InetAddress loopback(String address) {
        try {
            return InetAddress.getByAddress(address, InetAddress.getByName(address).getAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
