package io.loomicorn.http.parser;

import com.typesafe.config.Config;
import io.loomicorn.http.parser.ParseError.Kind;
import io.loomicorn.http.parser.Replay.Outcome;
import io.loomicorn.http.parser.Replay.Parsed;
import io.loomicorn.http.parser.Vectors.Vector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays gunicorn 26.1's 137 request vectors ({@code ../shared/conformance/gunicorn-requests}
 * next to the project) and compares our verdict with gunicorn's. Every vector must either
 * agree, or be listed in {@link #DIFFERENCES} with the reason (the same list as
 * {@code docs/conformance.md}); a new difference, or a listed one that no longer differs,
 * fails the test. Skips with a visible message when the folder is absent (a user's clone).
 */
class GunicornCorpusTest {

    /** gunicorn's exception class, the status we answer it with, and the kinds that agree with it. */
    private record Mapping(int status, Set<Kind> kinds) {
    }

    private static final Map<String, Mapping> CLASSES = Map.ofEntries(
            Map.entry("InvalidRequestLine", new Mapping(400, EnumSet.of(Kind.INVALID_REQUEST_LINE, Kind.INVALID_TARGET,
                    Kind.INVALID_LINE_ENDING, Kind.UNEXPECTED_EMPTY_LINE))),
            Map.entry("InvalidRequestMethod", new Mapping(400, EnumSet.of(Kind.INVALID_METHOD))),
            Map.entry("InvalidHTTPVersion", new Mapping(400, EnumSet.of(Kind.INVALID_VERSION))),
            Map.entry("InvalidHeader", new Mapping(400, EnumSet.of(Kind.INVALID_FIELD_VALUE, Kind.INVALID_LINE_ENDING,
                    Kind.MISSING_COLON, Kind.INVALID_CONTENT_LENGTH, Kind.DUPLICATE_CONTENT_LENGTH,
                    Kind.CONTENT_LENGTH_WITH_TRANSFER_ENCODING, Kind.INVALID_TRANSFER_ENCODING,
                    Kind.TRANSFER_ENCODING_ON_HTTP_1_0, Kind.DUPLICATE_HOST, Kind.INVALID_HOST,
                    Kind.DUPLICATE_CONTENT_TYPE))),
            Map.entry("InvalidHeaderName", new Mapping(400, EnumSet.of(Kind.INVALID_FIELD_NAME,
                    Kind.WHITESPACE_BEFORE_COLON, Kind.UNDERSCORE_IN_FIELD_NAME, Kind.FORBIDDEN_TRAILER_FIELD))),
            Map.entry("ObsoleteFolding", new Mapping(400, EnumSet.of(Kind.OBSOLETE_FOLDING))),
            Map.entry("LimitRequestLine", new Mapping(414, EnumSet.of(Kind.REQUEST_LINE_TOO_LONG))),
            Map.entry("LimitRequestHeaders", new Mapping(431, EnumSet.of(Kind.TOO_MANY_FIELDS, Kind.FIELD_TOO_LARGE,
                    Kind.HEAD_TOO_LARGE))),
            Map.entry("ExpectationFailed", new Mapping(417, EnumSet.of(Kind.EXPECTATION_FAILED))),
            Map.entry("UnsupportedTransferCoding", new Mapping(501, EnumSet.of(Kind.UNSUPPORTED_TRANSFER_CODING))),
            Map.entry("InvalidChunkSize", new Mapping(400, EnumSet.of(Kind.INVALID_CHUNK_SIZE))),
            Map.entry("InvalidChunkExtension", new Mapping(400, EnumSet.of(Kind.INVALID_CHUNK_EXTENSION))),
            Map.entry("ChunkMissingTerminator", new Mapping(400, EnumSet.of(Kind.MISSING_CHUNK_TERMINATOR,
                    Kind.TRUNCATED_BODY))),
            Map.entry("NoMoreData", new Mapping(400, EnumSet.of(Kind.TRUNCATED_HEAD, Kind.TRUNCATED_BODY))),
            // Not the parser's business: PROXY protocol and scheme headers of trusted proxies.
            Map.entry("InvalidProxyLine", new Mapping(400, EnumSet.noneOf(Kind.class))),
            Map.entry("InvalidSchemeHeaders", new Mapping(400, EnumSet.noneOf(Kind.class))));

    /** Reason of the vectors that are HTTP/1.1 requests without Host; they must agree once Host is added. */
    static final String NO_HOST = "HTTP/1.1 without Host: RFC 9112 §3.2 says a server MUST answer 400; "
            + "gunicorn accepts it. The vector agrees once a Host field is added.";
    private static final String PROXY = "PROXY protocol is out of scope for the parser (gunicorn proxy_protocol=auto).";
    private static final String PROXY_INVALID = "PROXY protocol is out of scope; the PROXY line is refused as a "
            + "malformed request line (same status 400, another reason).";
    private static final String GZIP = "gzip before chunked: answered 501, since Loomicorn does not decode transfer "
            + "codings (gunicorn de-chunks and hands the still-compressed bytes to the application).";

    /** Vectors whose verdict differs from gunicorn's, and why; keep in sync with docs/conformance.md. */
    static final Map<String, String> DIFFERENCES = new TreeMap<>(Map.ofEntries(
            Map.entry("invalid/019", "Contradictory X-Forwarded-Proto/X-Forwarded-Ssl of a trusted proxy are the "
                    + "engine's business, not the parser's; the vector also lacks Host (400 MISSING_HOST)."),
            Map.entry("invalid/chunked_01", NO_HOST),
            Map.entry("invalid/chunked_09", NO_HOST),
            Map.entry("invalid/chunked_10", NO_HOST),
            Map.entry("invalid/chunked_11", NO_HOST),
            Map.entry("invalid/chunked_12", NO_HOST),
            Map.entry("invalid/chunked_13", NO_HOST),
            Map.entry("invalid/chunked_14", NO_HOST),
            Map.entry("invalid/limit_header_default_01", "limit_request_field_size = 0 means unlimited in Loomicorn "
                    + "(bounded by 64 KiB); gunicorn's quirk maps 0 to 8190."),
            Map.entry("invalid/pp_01", PROXY_INVALID),
            Map.entry("invalid/pp_02", PROXY_INVALID),
            Map.entry("invalid/pp_03", PROXY_INVALID),
            Map.entry("invalid/version_02", "HTTP/2.0 is answered 505 HTTP Version Not Supported "
                    + "(RFC 9110 §15.6.6); gunicorn answers 400."),
            Map.entry("valid/004", NO_HOST),
            Map.entry("valid/005", NO_HOST),
            Map.entry("valid/006", NO_HOST),
            Map.entry("valid/007", NO_HOST),
            Map.entry("valid/009", "Transfer-Encoding (here identity) together with Content-Length is refused "
                    + "(RFC 9112 §6.1 allows it; the classic smuggling vector)."),
            Map.entry("valid/010", NO_HOST),
            Map.entry("valid/011", NO_HOST),
            Map.entry("valid/012", "HTTP/1.1 without Host (see above), and with Host added the trailer Content-Type "
                    + "is refused: RFC 9110 §6.5.1, content-format fields must not be sent in trailers."),
            Map.entry("valid/013", NO_HOST),
            Map.entry("valid/014", NO_HOST),
            Map.entry("valid/018", NO_HOST),
            Map.entry("valid/021", NO_HOST),
            Map.entry("valid/022", NO_HOST),
            Map.entry("valid/023", NO_HOST),
            Map.entry("valid/025", GZIP),
            Map.entry("valid/025_line", GZIP),
            Map.entry("valid/028", "strip_header_spaces has no equivalent: whitespace before the colon is always "
                    + "refused (RFC 9112 §5.1: a server MUST reject it)."),
            Map.entry("valid/029", NO_HOST),
            Map.entry("valid/030", NO_HOST),
            Map.entry("valid/031", NO_HOST),
            Map.entry("valid/031compat", NO_HOST),
            Map.entry("valid/031compat2", NO_HOST),
            Map.entry("valid/099", "Content-Length 17914 with only 8599 body bytes: gunicorn's harness ends the body "
                    + "at EOF, Loomicorn reports a truncated body (400)."),
            Map.entry("valid/100", NO_HOST),
            Map.entry("valid/compat_obs_fold_huge", NO_HOST),
            Map.entry("valid/pp_01", PROXY),
            Map.entry("valid/pp_02", PROXY),
            Map.entry("valid/pp_04", PROXY),
            Map.entry("valid/pp_05", PROXY),
            Map.entry("valid/rfc9112_smuggle_gzip_chunked_01", GZIP),
            Map.entry("valid/rfc9112_target_absolute_userinfo_01", "userinfo in an absolute-form target is refused "
                    + "(RFC 9110 §4.2.4: a recipient SHOULD treat it as an error)."),
            Map.entry("valid/rfc9112_target_authority_connect_01", "For authority-form (CONNECT) the path is the target "
                    + "itself, example.com:443; gunicorn reports urlsplit's '443'.")));

    @Test
    void gunicornVectors() {
        Path root = corpusRoot();
        String reason = "gunicorn request vectors not found at " + root
                + " (they live next to the project in ../shared; a plain clone has no such folder)";
        if (!Files.isDirectory(root)) {
            System.out.println("SKIPPED GunicornCorpusTest: " + reason);
        }
        Assumptions.assumeTrue(Files.isDirectory(root), reason);

        List<Vector> vectors = Vectors.load(root);
        Map<String, String> found = new TreeMap<>();
        int agreeAsIs = 0;
        List<String> agreeWithHost = new ArrayList<>();
        for (Vector v : vectors) {
            Outcome asIs = replay(v, v.bytes());
            String verdict = compare(v, asIs, false);
            if (verdict == null) {
                agreeAsIs++;
                continue;
            }
            found.put(v.toString(), verdict);
            if ("MISSING_HOST".equals(asIs.kind())) {
                String withHost = compare(v, replayWithHost(v), true);
                if (withHost == null) {
                    agreeWithHost.add(v.toString());
                } else {
                    found.put(v.toString(), verdict + "; with Host added: " + withHost);
                }
            }
        }
        List<String> hostListed = DIFFERENCES.entrySet().stream().filter(e -> e.getValue().equals(NO_HOST))
                .map(Map.Entry::getKey).toList();
        Map<String, String> unexpected = new LinkedHashMap<>();
        found.forEach((name, why) -> {
            if (!DIFFERENCES.containsKey(name)) {
                unexpected.put(name, why);
            }
        });
        List<String> stale = DIFFERENCES.keySet().stream().filter(n -> !found.containsKey(n)).toList();
        System.out.println("gunicorn corpus: " + vectors.size() + " vectors, " + agreeAsIs + " agree, "
                + found.size() + " differ (listed in docs/conformance.md), of which " + agreeWithHost.size()
                + " only because the HTTP/1.1 request has no Host");
        found.forEach((name, why) -> System.out.println("  differs: " + name + ": " + why));
        assertThat(agreeWithHost).as("vectors that agree once Host is added").containsExactlyInAnyOrderElementsOf(hostListed);
        assertThat(unexpected).as("differences from gunicorn that are not listed").isEmpty();
        assertThat(stale).as("listed differences that no longer differ").isEmpty();
        assertThat(agreeAsIs + found.size()).isEqualTo(vectors.size());
    }

    /** Replays the vector whole, byte by byte and at random splits; all must agree; returns the outcome. */
    private static Outcome replay(Vector v, byte[] bytes) {
        ParserConfig config = config(v.expectation());
        Outcome whole = Replay.run(bytes, config, Replay.whole(), 8192, false);
        Outcome bytewise = Replay.run(bytes, config, Replay.byteByByte(bytes.length), 5, true);
        assertThat(bytewise).as(v + " byte by byte").isEqualTo(whole);
        long seed = v.name().hashCode() + bytes.length;
        Random rnd = new Random(seed);
        for (int i = 0; i < 4; i++) {
            int[] cuts = Replay.randomCuts(bytes.length, rnd);
            assertThat(Replay.run(bytes, config, cuts, 3, i % 2 == 0))
                    .as(v + " split at " + java.util.Arrays.toString(cuts) + " (seed " + seed + ")").isEqualTo(whole);
        }
        return whole;
    }

    private static final byte[] INJECTED_HOST = "Host: gunicorn.test\r\n".getBytes(StandardCharsets.ISO_8859_1);

    /** Adds a Host field after the request line of each request that lacks one, then replays. */
    private static Outcome replayWithHost(Vector v) {
        byte[] bytes = v.bytes();
        for (int round = 0; round < 32; round++) {
            Outcome o = replay(v, bytes);
            if (!"MISSING_HOST".equals(o.kind())) {
                return o;
            }
            int at = (int) o.lastStart();
            if (at + 1 < bytes.length && bytes[at] == '\r' && bytes[at + 1] == '\n') {
                at += 2;
            }
            while (at + 1 < bytes.length && !(bytes[at] == '\r' && bytes[at + 1] == '\n')) {
                at++;
            }
            at += 2;
            byte[] injected = new byte[bytes.length + INJECTED_HOST.length];
            System.arraycopy(bytes, 0, injected, 0, at);
            System.arraycopy(INJECTED_HOST, 0, injected, at, INJECTED_HOST.length);
            System.arraycopy(bytes, at, injected, at + INJECTED_HOST.length, bytes.length - at);
            bytes = injected;
        }
        throw new AssertionError(v + ": too many requests without Host");
    }

    private static ParserConfig config(Config exp) {
        Config settings = exp.getConfig("settings");
        ParserConfig config = ParserConfig.defaults();
        for (String key : settings.root().keySet()) {
            switch (key) {
                case "limit_request_line" -> config = config.withLimitRequestLine(settings.getInt(key));
                case "limit_request_fields" -> config = config.withLimitRequestFields(settings.getInt(key));
                case "limit_request_field_size" -> config = config.withLimitRequestFieldSize(settings.getInt(key));
                case "permit_obsolete_folding" -> config = config.withPermitObsoleteFolding(settings.getBoolean(key));
                case "permit_unconventional_http_method" ->
                        config = config.withPermitUnconventionalHttpMethod(settings.getBoolean(key));
                case "permit_unconventional_http_version" ->
                        config = config.withPermitUnconventionalHttpVersion(settings.getBoolean(key));
                case "casefold_http_method" -> config = config.withCasefoldHttpMethod(settings.getBoolean(key));
                case "header_map" -> config = config.withHeaderMap(
                        ParserConfig.HeaderMap.valueOf(settings.getString(key).toUpperCase(Locale.ROOT)));
                default -> {
                    // strip_header_spaces, proxy_protocol, forwarded_allow_ips: no equivalent
                }
            }
        }
        return config;
    }

    /** Returns null when we agree with gunicorn, else a one-line description of the difference. */
    private static String compare(Vector v, Outcome whole, boolean hostInjected) {
        Config exp = v.expectation();
        if (!v.valid()) {
            String cls = exp.getString("error");
            Mapping m = CLASSES.get(cls);
            assertThat(m).as("mapping of gunicorn's " + cls).isNotNull();
            if (whole.error() == null) {
                return "gunicorn " + cls + ", we accept";
            }
            if (whole.status() != m.status() || !m.kinds().contains(Kind.valueOf(whole.kind()))) {
                return "gunicorn " + cls + " (" + m.status() + "), we " + whole.error();
            }
            return null;
        }
        if (whole.error() != null) {
            return "gunicorn accepts, we " + whole.error();
        }
        List<? extends Config> reqs = exp.getConfigList("requests");
        if (reqs.size() != whole.requests().size()) {
            return "gunicorn parses " + reqs.size() + " requests, we " + whole.requests().size();
        }
        for (int i = 0; i < reqs.size(); i++) {
            String d = compareRequest(reqs.get(i), whole.requests().get(i), hostInjected);
            if (d != null) {
                return "request " + i + ": " + d;
            }
        }
        return null;
    }

    private static String compareRequest(Config e, Parsed p, boolean hostInjected) {
        Config uri = e.getConfig("uri");
        List<String> diffs = new ArrayList<>();
        diff(diffs, "method", e.getString("method"), p.method());
        diff(diffs, "target", uri.getString("raw"), p.target());
        diff(diffs, "path", percentDecode(uri.getString("path")), p.path());
        diff(diffs, "query", uri.getString("query"), p.query());
        diff(diffs, "fragment", uri.getString("fragment"), p.fragment());
        List<Integer> version = e.getIntList("version");
        diff(diffs, "version", "HTTP/" + version.get(0) + "." + version.get(1), p.rawVersion());
        List<List<String>> headers = upper(p.headers());
        if (hostInjected) {
            headers = headers.stream().filter(h -> !h.equals(List.of("HOST", "gunicorn.test"))).toList();
        }
        diff(diffs, "headers", CorpusTest.pairs(e, "headers"), headers);
        diff(diffs, "trailers", CorpusTest.pairs(e, "trailers"), upper(p.trailers()));
        String body = new String(Base64.getDecoder().decode(e.getString("body_base64")), StandardCharsets.ISO_8859_1);
        diff(diffs, "body", body, p.body());
        return diffs.isEmpty() ? null : String.join("; ", diffs);
    }

    private static void diff(List<String> diffs, String what, Object gunicorn, Object ours) {
        if (!gunicorn.equals(ours)) {
            String g = String.valueOf(gunicorn);
            String o = String.valueOf(ours);
            diffs.add(what + " gunicorn '" + (g.length() > 60 ? g.substring(0, 60) + "..." : g) + "', ours '"
                    + (o.length() > 60 ? o.substring(0, 60) + "..." : o) + "'");
        }
    }

    private static List<List<String>> upper(List<List<String>> fields) {
        return fields.stream().map(f -> List.of(f.get(0).toUpperCase(Locale.ROOT), f.get(1))).toList();
    }

    /** gunicorn reports the raw path; ours is decoded like PATH_INFO. */
    private static String percentDecode(String raw) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && Character.digit(raw.charAt(i + 1), 16) >= 0
                    && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                sb.append((char) Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * {@code ../shared/conformance/gunicorn-requests} relative to the directory holding {@code mvnw},
     * or the directory named by the system property {@code loomicorn.gunicornCorpus}.
     */
    static Path corpusRoot() {
        String override = System.getProperty("loomicorn.gunicornCorpus");
        if (override != null) {
            return Path.of(override);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        Path base = dir == null ? Path.of("").toAbsolutePath() : dir;
        return base.resolve("../shared/conformance/gunicorn-requests").normalize();
    }
}
