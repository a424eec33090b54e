package io.loomicorn.proxy;

import io.loomicorn.http.parser.ParseError;
import io.loomicorn.http.parser.ParseError.Kind;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The PROXY protocol header that may start a connection (HAProxy's specification,
 * "The PROXY protocol", versions 1 and 2), decoded from bytes without I/O: bytes in, a
 * {@link ProxyHeader} or a {@link ParseError} out.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * switch (decoder.decode(in)) {        // before the HTTP parser sees in, as bytes arrive
 *     case NEED_MORE -> read more into in (appending), call decode again
 *     case ABSENT    -> no header: in is untouched, the HTTP parser reads from its start
 *     case COMPLETE  -> decoder.header(); in.position() is at the first byte after the header
 *     case FAILED    -> answer decoder.error().status() (400, or 403), close
 * }
 * }</pre>
 * Any split of the input gives the same result. Until the first bytes show a signature
 * ({@code "PROXY "} for v1, the 12-byte signature for v2), {@code decode} only looks and
 * consumes nothing, so the bytes stay in the caller's buffer for the HTTP parser when they
 * turn out to be a request ({@code "PO"} is already not {@code "PROXY "}). From the signature
 * on it consumes exactly the header's bytes into its own buffer (at most 107 bytes for v1,
 * 16 plus the declared length, at most 65,551, for v2), never a byte of the request after it.
 * The header is optional, as in gunicorn: a connection that starts with a request is served
 * as one.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>v1: {@code PROXY TCP4|TCP6 SRC DST SPORT DPORT CRLF}, six fields separated by single
 *       spaces, printable ASCII, at most 107 bytes with the CRLF; addresses of the named
 *       family (IPv4 in dotted-quad form without leading zeros), ports 0 to 65535 in decimal
 *       without leading zeros. {@code PROXY UNKNOWN} with anything up to the CRLF keeps the
 *       socket's addresses.</li>
 *   <li>v2: version 2; command {@code LOCAL} (keep the socket's addresses, ignore the rest)
 *       or {@code PROXY}; family and transport {@code UNSPEC} (keep the socket's addresses),
 *       TCP over IPv4, TCP over IPv6, or a Unix stream (keep the socket's addresses); UDP is
 *       refused. The declared length must hold the addresses of the family (12, 36 or 216
 *       bytes); TLVs follow, each within the length. Read: {@code PP2_TYPE_SSL} (its client
 *       flag, {@code PP2_SUBTYPE_SSL_VERSION} and {@code _CIPHER}), {@code PP2_TYPE_AUTHORITY}
 *       (the SNI name), {@code PP2_TYPE_ALPN}, and {@code PP2_TYPE_CRC32C}, which is verified;
 *       every other TLV is skipped.</li>
 *   <li>A sender that may not send a header ({@code proxy_allow_ips}) is refused with 403 as
 *       soon as its signature is complete.</li>
 * </ul>
 *
 * <p>Not thread-safe: one decoder per connection.
 */
public final class ProxyProtocolDecoder {

    /** Outcome of {@link #decode} and {@link #endOfInput}. */
    public enum Status {
        /** The bytes so far are the start of a header, or could be: read more. */
        NEED_MORE,
        /** The connection does not start with a header; nothing was consumed. */
        ABSENT,
        /** A header was consumed; see {@link #header()}. */
        COMPLETE,
        /** The header is malformed or not allowed; see {@link #error()}. */
        FAILED
    }

    /** The longest v1 header, CRLF included (the specification's 107 bytes). */
    public static final int V1_MAX_LENGTH = 107;

    static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final int V2_FIXED_LENGTH = 16;

    private static final int PEEK = 0;
    private static final int V1_LINE = 1;
    private static final int V2_HEAD = 2;
    private static final int V2_BODY = 3;
    private static final int FINISHED = 4;

    private static final int CMD_LOCAL = 0x0;
    private static final int CMD_PROXY = 0x1;
    private static final int TCP4 = 0x11;
    private static final int TCP6 = 0x21;
    private static final int UNIX_STREAM = 0x31;

    private static final int PP2_TYPE_ALPN = 0x01;
    private static final int PP2_TYPE_AUTHORITY = 0x02;
    private static final int PP2_TYPE_CRC32C = 0x03;
    private static final int PP2_TYPE_SSL = 0x20;
    private static final int PP2_SUBTYPE_SSL_VERSION = 0x21;
    private static final int PP2_SUBTYPE_SSL_CIPHER = 0x23;
    private static final int PP2_CLIENT_SSL = 0x01;

    private final boolean acceptV1;
    private final boolean acceptV2;
    private final boolean senderAllowed;

    private int state = PEEK;
    private byte[] buf;
    private int len;
    private Status result;
    private ProxyHeader header;
    private ParseError error;

    /**
     * Creates the decoder of one connection.
     *
     * @param mode          which versions to recognise; {@link ProxyProtocolMode#OFF} recognises none
     * @param senderAllowed whether the connection's peer may send a header ({@code proxy_allow_ips})
     */
    public ProxyProtocolDecoder(ProxyProtocolMode mode, boolean senderAllowed) {
        this.acceptV1 = mode == ProxyProtocolMode.V1 || mode == ProxyProtocolMode.AUTO;
        this.acceptV2 = mode == ProxyProtocolMode.V2 || mode == ProxyProtocolMode.AUTO;
        this.senderAllowed = senderAllowed;
    }

    /**
     * Consumes the bytes of a header from {@code in}.
     *
     * @param in the connection's first bytes, in read mode
     * @return the outcome; once ABSENT, COMPLETE or FAILED, later calls return the same and
     *         consume nothing
     */
    public Status decode(ByteBuffer in) {
        if (state == PEEK) {
            Status s = peek(in);
            if (s != null) {
                return s;
            }
        }
        return switch (state) {
            case V1_LINE -> readV1(in);
            case V2_HEAD, V2_BODY -> readV2(in);
            default -> result;
        };
    }

    /**
     * Tells the decoder that the connection ended (the peer closed its side).
     *
     * @return FAILED if it ended inside a header; otherwise what {@link #decode} last
     *         returned, with NEED_MORE turned into ABSENT (a prefix such as {@code "PRO"} is
     *         not a header)
     */
    public Status endOfInput() {
        return switch (state) {
            case PEEK -> finish(Status.ABSENT);
            case V1_LINE, V2_HEAD, V2_BODY -> fail("the connection ended inside the header");
            default -> result;
        };
    }

    /** Returns the header after COMPLETE, else {@code null}. */
    public ProxyHeader header() {
        return header;
    }

    /** Returns why after FAILED, else {@code null}: 400 for a malformed header, 403 for a sender not allowed. */
    public ParseError error() {
        return error;
    }

    // ---------------------------------------------------------------- recognising

    /** Returns an outcome, or {@code null} when a signature is complete and reading starts. */
    private Status peek(ByteBuffer in) {
        int n = in.remaining();
        if (n == 0) {
            return Status.NEED_MORE;
        }
        int p = in.position();
        byte first = in.get(p);
        byte[] signature;
        if (acceptV1 && first == V1_PREFIX[0]) {
            signature = V1_PREFIX;
        } else if (acceptV2 && first == V2_SIGNATURE[0]) {
            signature = V2_SIGNATURE;
        } else {
            return finish(Status.ABSENT);
        }
        for (int i = 1, k = Math.min(n, signature.length); i < k; i++) {
            if (in.get(p + i) != signature[i]) {
                return finish(Status.ABSENT);
            }
        }
        if (n < signature.length) {
            return Status.NEED_MORE;
        }
        if (!senderAllowed) {
            error = ParseError.of(Kind.PROXY_HEADER_FORBIDDEN);
            return finish(Status.FAILED);
        }
        boolean v1 = signature == V1_PREFIX;
        state = v1 ? V1_LINE : V2_HEAD;
        buf = new byte[v1 ? V1_MAX_LENGTH : V2_FIXED_LENGTH];
        len = 0;
        return null;
    }

    // ---------------------------------------------------------------- version 1

    private Status readV1(ByteBuffer in) {
        while (in.hasRemaining()) {
            byte b = in.get();
            buf[len++] = b;
            if (b == '\n') {
                if (len < 2 || buf[len - 2] != '\r') {
                    return fail("v1: LF without CR");
                }
                return parseV1();
            }
            if (len >= 2 && buf[len - 2] == '\r') {
                return fail("v1: CR without LF");
            }
            if (b != '\r' && (b < 0x20 || b > 0x7e)) {
                return fail("v1: a byte that is not printable ASCII");
            }
            if (len == V1_MAX_LENGTH) {
                return fail("v1: no CRLF within " + V1_MAX_LENGTH + " bytes");
            }
        }
        return Status.NEED_MORE;
    }

    private Status parseV1() {
        String[] f = new String(buf, 0, len - 2, StandardCharsets.US_ASCII).split(" ", -1);
        String protocol = f[1];
        if (protocol.equals("UNKNOWN")) {
            return complete(new ProxyHeader(1, null, null, null)); // the rest of the line is ignored
        }
        boolean tcp4 = protocol.equals("TCP4");
        if (!tcp4 && !protocol.equals("TCP6")) {
            return fail("v1: unknown protocol (expected TCP4, TCP6 or UNKNOWN)");
        }
        if (f.length != 6) {
            return fail("v1: " + f.length + " fields, expected 6 separated by single spaces");
        }
        InetAddress source = tcp4 ? IpLiterals.parseIpv4(f[2]) : ipv6(f[2]);
        InetAddress destination = tcp4 ? IpLiterals.parseIpv4(f[3]) : ipv6(f[3]);
        if (source == null) {
            return fail("v1: the source address is not an " + (tcp4 ? "IPv4" : "IPv6") + " address");
        }
        if (destination == null) {
            return fail("v1: the destination address is not an " + (tcp4 ? "IPv4" : "IPv6") + " address");
        }
        int sourcePort = port(f[4]);
        int destinationPort = port(f[5]);
        if (sourcePort < 0) {
            return fail("v1: the source port is not a number from 0 to 65535");
        }
        if (destinationPort < 0) {
            return fail("v1: the destination port is not a number from 0 to 65535");
        }
        return complete(new ProxyHeader(1, new InetSocketAddress(source, sourcePort),
                new InetSocketAddress(destination, destinationPort), null));
    }

    private static InetAddress ipv6(String text) {
        return text.indexOf(':') < 0 ? null : IpLiterals.parseIpv6(text);
    }

    /** A decimal port of 0 to 65535 without leading zeros, or -1. */
    static int port(String text) {
        int n = text.length();
        if (n == 0 || n > 5 || (n > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 65535 ? value : -1;
    }

    // ---------------------------------------------------------------- version 2

    private Status readV2(ByteBuffer in) {
        int want = state == V2_HEAD ? V2_FIXED_LENGTH : buf.length;
        int n = Math.min(in.remaining(), want - len);
        in.get(buf, len, n);
        len += n;
        if (len < want) {
            return Status.NEED_MORE;
        }
        if (state == V2_HEAD) {
            Status bad = checkFixedPart();
            if (bad != null) {
                return bad;
            }
            buf = Arrays.copyOf(buf, V2_FIXED_LENGTH + u16(14));
            state = V2_BODY;
            return readV2(in);
        }
        return parseV2();
    }

    /** Checks the version, command, family and length; returns FAILED or {@code null}. */
    private Status checkFixedPart() {
        int version = (buf[12] & 0xf0) >>> 4;
        int command = buf[12] & 0x0f;
        int family = buf[13] & 0xff;
        int length = u16(14);
        if (version != 2) {
            return fail("v2: version " + version + ", expected 2");
        }
        if (command != CMD_LOCAL && command != CMD_PROXY) {
            return fail("v2: unknown command " + command);
        }
        if (command == CMD_LOCAL) {
            return null; // the address block is ignored, whatever it holds
        }
        int needed = switch (family) {
            case 0x00 -> 0;
            case TCP4 -> 12;
            case TCP6 -> 36;
            case UNIX_STREAM -> 216;
            case 0x12, 0x22, 0x32 -> -2;
            default -> -1;
        };
        if (needed == -2) {
            return fail("v2: a datagram (UDP) connection cannot carry HTTP");
        }
        if (needed < 0) {
            return fail("v2: unknown address family and transport 0x" + Integer.toHexString(family));
        }
        if (length < needed) {
            return fail("v2: length " + length + " is shorter than the " + needed
                    + " bytes of addresses of its family");
        }
        return null;
    }

    private Status parseV2() {
        int command = buf[12] & 0x0f;
        int family = buf[13] & 0xff;
        if (command == CMD_LOCAL || family == 0x00) {
            return complete(new ProxyHeader(2, null, null, null));
        }
        InetSocketAddress source = null;
        InetSocketAddress destination = null;
        int tlvStart;
        switch (family) {
            case TCP4 -> {
                source = new InetSocketAddress(address(16, 4), u16(24));
                destination = new InetSocketAddress(address(20, 4), u16(26));
                tlvStart = 28;
            }
            case TCP6 -> {
                source = new InetSocketAddress(address(16, 16), u16(48));
                destination = new InetSocketAddress(address(32, 16), u16(50));
                tlvStart = 52;
            }
            default -> tlvStart = 16 + 216; // a Unix stream: the socket's addresses stand
        }
        Tlvs tlvs = new Tlvs();
        String bad = tlvs.read(buf, tlvStart, buf.length, false);
        if (bad != null) {
            return fail("v2: " + bad);
        }
        if (tlvs.crcAt >= 0 && !crcMatches(tlvs.crcAt)) {
            return fail("v2: the CRC32C checksum does not match the header");
        }
        ProxiedTls tls = tlvs.ssl ? new ProxiedTls(tlvs.version == null ? "" : tlvs.version,
                tlvs.cipher == null ? "" : tlvs.cipher, tlvs.authority, tlvs.alpn) : null;
        return complete(new ProxyHeader(2, source, destination, tls));
    }

    /** The TLVs of a v2 header, read in one pass. */
    private static final class Tlvs {
        boolean ssl;
        String version;
        String cipher;
        String authority;
        String alpn;
        int crcAt = -1;

        /** Reads {@code a[from, to)}; returns what is wrong, or {@code null}. */
        String read(byte[] a, int from, int to, boolean insideSsl) {
            int i = from;
            while (i < to) {
                if (to - i < 3) {
                    return "a TLV is cut short by the header length";
                }
                int type = a[i] & 0xff;
                int length = (a[i + 1] & 0xff) << 8 | (a[i + 2] & 0xff);
                int v = i + 3;
                if (length > to - v) {
                    return "a TLV of " + length + " bytes overruns the header length";
                }
                String bad = insideSsl ? sslSubtype(a, type, v, length) : tlv(a, type, v, length);
                if (bad != null) {
                    return bad;
                }
                i = v + length;
            }
            return null;
        }

        private String tlv(byte[] a, int type, int v, int length) {
            switch (type) {
                case PP2_TYPE_ALPN -> alpn = new String(a, v, length, StandardCharsets.ISO_8859_1);
                case PP2_TYPE_AUTHORITY -> {
                    authority = hostName(a, v, length);
                    if (authority == null) {
                        return "the authority TLV is not a host name";
                    }
                }
                case PP2_TYPE_CRC32C -> {
                    if (length != 4) {
                        return "the CRC32C TLV is " + length + " bytes, not 4";
                    }
                    crcAt = v;
                }
                case PP2_TYPE_SSL -> {
                    if (length < 5) {
                        return "the SSL TLV is " + length + " bytes, shorter than its 5 fixed bytes";
                    }
                    ssl = (a[v] & PP2_CLIENT_SSL) != 0;
                    return read(a, v + 5, v + length, true);
                }
                default -> { } // skipped: NOOP, UNIQUE_ID, NETNS, and types of later specifications
            }
            return null;
        }

        private String sslSubtype(byte[] a, int type, int v, int length) {
            if (type == PP2_SUBTYPE_SSL_VERSION) {
                version = new String(a, v, length, StandardCharsets.ISO_8859_1);
            } else if (type == PP2_SUBTYPE_SSL_CIPHER) {
                cipher = new String(a, v, length, StandardCharsets.ISO_8859_1);
            }
            return null;
        }

        /** A UTF-8 host name of 1 to 255 bytes without spaces or control characters, or {@code null}. */
        private static String hostName(byte[] a, int v, int length) {
            if (length == 0 || length > 255) {
                return null;
            }
            for (int k = v; k < v + length; k++) {
                int c = a[k] & 0xff;
                if (c <= 0x20 || c == 0x7f) {
                    return null;
                }
            }
            return new String(a, v, length, StandardCharsets.UTF_8);
        }
    }

    /** The checksum covers the whole header with its own four bytes taken as zeros. */
    private boolean crcMatches(int at) {
        CRC32C crc = new CRC32C();
        crc.update(buf, 0, at);
        crc.update(new byte[4]);
        crc.update(buf, at + 4, buf.length - at - 4);
        long sent = (long) (buf[at] & 0xff) << 24 | (buf[at + 1] & 0xff) << 16 | (buf[at + 2] & 0xff) << 8
                | (buf[at + 3] & 0xff);
        return crc.getValue() == sent;
    }

    private InetAddress address(int at, int size) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(buf, at, at + size));
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // 4 or 16 bytes are always an address
        }
    }

    private int u16(int at) {
        return (buf[at] & 0xff) << 8 | (buf[at + 1] & 0xff);
    }

    // ---------------------------------------------------------------- outcomes

    private Status complete(ProxyHeader h) {
        header = h;
        buf = null;
        return finish(Status.COMPLETE);
    }

    private Status fail(String detail) {
        error = ParseError.of(Kind.INVALID_PROXY_HEADER, detail);
        buf = null;
        return finish(Status.FAILED);
    }

    private Status finish(Status s) {
        state = FINISHED;
        result = s;
        return s;
    }
}
