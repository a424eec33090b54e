package io.loomicorn.logging;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every gunicorn atom, rendered for one known exchange. */
class AccessLogFormatTest {

    private static final long PID = ProcessHandle.current().pid();
    /** 2026-11-24 22:29:32.250 in the system zone, as the t atom prints it. */
    private static final ZonedDateTime WHEN = ZonedDateTime.of(2026, 11, 24, 22, 29, 32, 250_000_000, ZoneId.systemDefault());

    private StubExchange.StubRequest request;
    private StubExchange.StubResponse response;
    private long bodyBytes;
    private long durationNanos;

    @BeforeEach
    void knownExchange() {
        request = new StubExchange.StubRequest();
        request.headers.add("Host", "example.org");
        request.headers.add("User-Agent", "curl/8.5.0");
        request.headers.add("Referer", "https://example.org/start");
        request.headers.add("Authorization", "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8)));
        request.headers.add("X-Forwarded-For", "203.0.113.1");
        request.headers.add("X-Forwarded-For", "203.0.113.2");
        response = new StubExchange.StubResponse();
        response.status = 201;
        response.headers.add("Content-Type", "text/plain");
        response.headers.add("X-Trace", "abc");
        bodyBytes = 1234;
        durationNanos = 2_345_678_912L; // 2 s, 345 ms, 345678 µs
    }

    private String render(String format) {
        Exchange x = new Exchange(request, response, bodyBytes, durationNanos, WHEN.toInstant().toEpochMilli());
        return AccessLogFormat.parse(format).render(x);
    }

    private static String atom(String name) {
        return "%(" + name + ")s";
    }

    @ParameterizedTest(name = "%({0})s -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
            "h|192.0.2.7",
            "l|-",
            "u|alice",
            "r|GET /a%20b?x=1 HTTP/1.1",
            "m|GET",
            "U|/a b",
            "q|x=1",
            "H|HTTP/1.1",
            "s|201",
            "B|1234",
            "b|1234",
            "f|https://example.org/start",
            "a|curl/8.5.0",
            "T|2",
            "M|2345",
            "D|2345678",
            "L|2.345678",
            "{user-agent}i|curl/8.5.0",
            "{USER-AGENT}i|curl/8.5.0",
            "{x-forwarded-for}i|203.0.113.2",
            "{x-missing}i|-",
            "{content-type}o|text/plain",
            "{X-Trace}o|abc",
            "{x-missing}o|-",
            "{request_method}e|GET",
            "{path_info}e|/a b",
            "{query_string}e|x=1",
            "{raw_uri}e|/a%20b?x=1",
            "{server_protocol}e|HTTP/1.1",
            "{server_name}e|example.org",
            "{server_port}e|8000",
            "{remote_addr}e|192.0.2.7",
            "{remote_port}e|51234",
            "{http_user_agent}e|curl/8.5.0",
            "{wsgi.url_scheme}e|http",
            "{script_name}e|''",
            "{tls_protocol}e|-",
            "{tls_cipher}e|-",
            "{no_such_variable_anywhere}e|-",
            "Z|-",
            "hh|-",
            "{foo}x|-",
    })
    void eachAtomHasGunicornsMeaning(String name, String expected) {
        assertThat(render(atom(name))).isEqualTo(expected);
    }

    @Test
    void timeIsCommonLogFormatInTheLocalZone() {
        String offset = WHEN.getOffset().getId().equals("Z") ? "+0000" : WHEN.getOffset().getId().replace(":", "");
        assertThat(render(atom("t"))).isEqualTo("[24/Nov/2026:22:29:32 " + offset + "]");
    }

    @Test
    void pidIsInAngleBrackets() {
        assertThat(render(atom("p"))).isEqualTo("<" + PID + ">");
    }

    @Test
    void defaultFormatIsGunicorns() {
        assertThat(AccessLogFormat.DEFAULT).isEqualTo("%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s \"%(f)s\" \"%(a)s\"");
        String t = render(atom("t"));
        assertThat(render(AccessLogFormat.DEFAULT)).isEqualTo(
                "192.0.2.7 - alice " + t + " \"GET /a%20b?x=1 HTTP/1.1\" 201 1234 \"https://example.org/start\" \"curl/8.5.0\"");
    }

    @Test
    void missingValuesPrintADash() {
        request = new StubExchange.StubRequest();
        assertThat(render("%(u)s %(f)s %(a)s")).isEqualTo("- - -");
    }

    @Test
    void quotesAreEscapedInStringValues() {
        request.headers.set("User-Agent", "say \"hi\"");
        assertThat(render("\"%(a)s\" \"%({user-agent}i)s\"")).isEqualTo("\"say \\\"hi\\\"\" \"say \\\"hi\\\"\"");
    }

    @Test
    void controlCharactersCannotSplitALine() {
        request.path = "/a\nb\r\u007f";
        assertThat(render(atom("U"))).isEqualTo("/a\\x0ab\\x0d\\x7f");
    }

    @Test
    void bytesAreADashWhenNoResponseWasSent() {
        response.committed = false;
        bodyBytes = 0;
        assertThat(render("%(b)s %(B)s")).isEqualTo("- 0");
        response.committed = true;
        assertThat(render("%(b)s")).isEqualTo("0");
    }

    @Test
    void environLooksAtAttributesFirstThenTheProcessEnvironment() {
        request.attributes.put("User_Id", 42);
        request.attributes.put("path_info", "/rewritten");
        assertThat(render("%({user_id}e)s %({path_info}e)s")).isEqualTo("42 /rewritten");
        Map.Entry<String, String> some = System.getenv().entrySet().stream()
                .filter(e -> !e.getValue().isEmpty() && e.getValue().chars().allMatch(c -> c >= 0x20 && c != '"'))
                .filter(e -> !e.getKey().toLowerCase().startsWith("http_"))
                .findFirst().orElseThrow();
        assertThat(render("%({" + some.getKey().toLowerCase() + "}e)s")).isEqualTo(some.getValue());
    }

    @Test
    void tlsProtocolAndCipherAreThoseOfTheConnectionsHandshake() {
        request.tls = StubExchange.tls13();
        assertThat(render("%({tls_protocol}e)s %({TLS_CIPHER}e)s")).isEqualTo("TLSv1.3 TLS_AES_128_GCM_SHA256");
        request.attributes.put("tls_cipher", "from the application");
        assertThat(render("%({tls_cipher}e)s")).as("attributes come first, as for every {name}e")
                .isEqualTo("from the application");
    }

    @Test
    void ipv6IsShortAndUnixSocketsHaveNoAddress() {
        request.remote = new InetSocketAddress("::1", 4000);
        assertThat(render(atom("h"))).isEqualTo("::1");
        request.remote = UnixDomainSocketAddress.of("/tmp/s.sock");
        assertThat(render(atom("h") + " " + atom("{remote_port}e"))).isEqualTo("- -");
    }

    @Test
    void userWithoutColonOrBadBase64() {
        request.headers.set("Authorization", "basic " + Base64.getEncoder().encodeToString("bob".getBytes(StandardCharsets.UTF_8)));
        assertThat(render(atom("u"))).isEqualTo("bob");
        request.headers.set("Authorization", "Basic !!!");
        assertThat(render(atom("u"))).isEqualTo("-");
        request.headers.set("Authorization", "Bearer abc");
        assertThat(render(atom("u"))).isEqualTo("-");
    }

    @Test
    void percentSyntax() {
        assertThat(render("100%% %(s)d %(s)5d|%(s)-5s|%(s)05d %(m)r")).isEqualTo("100% 201   201|201  |00201 GET");
        // Malformed sequences stay as text rather than breaking every line.
        assertThat(render("%(s) %s %(x %")).isEqualTo("%(s) %s %(x %");
        assertThat(render("%((s))s")).isEqualTo("-");
        assertThat(render("")).isEmpty();
    }

    @Test
    void shortDurationsHaveLeadingZeros() {
        durationNanos = 1_002_000; // 1.002 ms
        assertThat(render("%(T)s %(M)s %(D)s %(L)s")).isEqualTo("0 1 1002 0.001002");
    }
}
