package io.loomicorn.proxy;

import io.loomicorn.http.parser.ParseError;
import io.loomicorn.proxy.DecoderReplay.Outcome;
import io.loomicorn.proxy.ProxyProtocolDecoder.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PROXY protocol decoder on valid headers and on every malformed shape, each input
 * replayed whole, split once at every byte and byte by byte (as the parser corpus is), with
 * the same outcome every time, including the bytes left for the HTTP parser.
 */
class ProxyProtocolDecoderTest {

    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, String b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(ascii(b));
        return out.toByteArray();
    }

    private static Outcome decode(byte[] input) {
        return DecoderReplay.everySplit(input, ProxyProtocolMode.AUTO, true);
    }

    private static Outcome decode(String input) {
        return decode(ascii(input));
    }

    // ---------------------------------------------------------------- version 1

    @Test
    void v1Tcp4NamesTheClientAndLeavesTheRequest() {
        Outcome o = decode("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n" + REQUEST);
        assertThat(o.status()).isEqualTo(Status.COMPLETE);
        assertThat(o.header().version()).isEqualTo(1);
        assertThat(o.header().source()).isEqualTo(new InetSocketAddress("192.168.0.1", 56324));
        assertThat(o.header().destination()).isEqualTo(new InetSocketAddress("192.168.0.11", 443));
        assertThat(o.header().tls()).isNull();
        assertThat(o.rest()).isEqualTo(REQUEST);
    }

    @Test
    void v1Tcp6() {
        Outcome o = decode("PROXY TCP6 2001:db8::1 ::1 65535 0\r\n" + REQUEST);
        assertThat(o.status()).isEqualTo(Status.COMPLETE);
        assertThat(o.header().source()).isEqualTo(new InetSocketAddress("2001:db8::1", 65535));
        assertThat(o.header().destination()).isEqualTo(new InetSocketAddress("::1", 0));
        assertThat(o.rest()).isEqualTo(REQUEST);
    }

    @Test
    void v1UnknownKeepsTheSocketsAddressesAndIgnoresTheRestOfTheLine() {
        Outcome bare = decode("PROXY UNKNOWN\r\n" + REQUEST);
        assertThat(bare.status()).isEqualTo(Status.COMPLETE);
        assertThat(bare.header().source()).isNull();
        assertThat(bare.rest()).isEqualTo(REQUEST);
        // The longest v1 header of the specification: 107 bytes with its CRLF.
        String longest = "PROXY UNKNOWN ffff:f:f:f:f:f:f:ffff ffff:f:f:f:f:f:f:ffff 65535 65535 and whatever";
        longest = longest + "x".repeat(105 - longest.length()) + "\r\n";
        assertThat(longest).hasSize(ProxyProtocolDecoder.V1_MAX_LENGTH);
        Outcome max = decode(longest + REQUEST);
        assertThat(max.status()).isEqualTo(Status.COMPLETE);
        assertThat(max.rest()).isEqualTo(REQUEST);
    }

    @Test
    void aConnectionWithoutAHeaderIsARequestAndNothingIsConsumed() {
        for (String input : new String[] {REQUEST, "POST /x HTTP/1.1\r\n", "PUT", "PROXZ", "\r\nGET / HTTP/1.1\r\n",
                "\r\n\r\n\0\r\nQUIX\n", "P"}) {
            Outcome o = decode(input);
            assertThat(o.status()).as(input).isEqualTo(Status.ABSENT);
            assertThat(o.rest()).as(input).isEqualTo(input);
            assertThat(o.header()).isNull();
        }
    }

    @Test
    void eachModeRecognisesOnlyItsVersion() {
        byte[] v2 = concat(V2Header.tcp4("10.0.0.1", 1000, "10.0.0.2", 80).bytes(), REQUEST);
        byte[] v1 = ascii("PROXY TCP4 10.0.0.1 10.0.0.2 1000 80\r\n" + REQUEST);
        assertThat(DecoderReplay.everySplit(v1, ProxyProtocolMode.V1, true).status()).isEqualTo(Status.COMPLETE);
        assertThat(DecoderReplay.everySplit(v2, ProxyProtocolMode.V1, true).status()).isEqualTo(Status.ABSENT);
        assertThat(DecoderReplay.everySplit(v2, ProxyProtocolMode.V2, true).status()).isEqualTo(Status.COMPLETE);
        assertThat(DecoderReplay.everySplit(v1, ProxyProtocolMode.V2, true).status()).isEqualTo(Status.ABSENT);
        assertThat(DecoderReplay.everySplit(v1, ProxyProtocolMode.OFF, true).status()).isEqualTo(Status.ABSENT);
        assertThat(DecoderReplay.everySplit(v2, ProxyProtocolMode.OFF, true).status()).isEqualTo(Status.ABSENT);
    }

    static Stream<Arguments> malformedV1() {
        return Stream.of(
                bad("PROXY TCP4 192.168.0.1 192.168.0.11 56324\r\n", "5 fields, expected 6"),
                bad("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443 7\r\n", "7 fields, expected 6"),
                bad("PROXY TCP4 192.168.0.1  192.168.0.11 56324 443\r\n", "7 fields, expected 6"),
                bad("PROXY TCP4\r\n", "2 fields, expected 6"),
                bad("PROXY \r\n", "unknown protocol"),
                bad("PROXY UDP4 192.168.0.1 192.168.0.11 56324 443\r\n", "unknown protocol"),
                bad("PROXY tcp4 192.168.0.1 192.168.0.11 56324 443\r\n", "unknown protocol"),
                bad("PROXY TCP4 not-an-ip 192.168.0.11 56324 443\r\n", "the source address is not an IPv4 address"),
                bad("PROXY TCP4 192.168.0.256 192.168.0.11 56324 443\r\n", "the source address is not an IPv4"),
                bad("PROXY TCP4 192.168.0.01 192.168.0.11 56324 443\r\n", "the source address is not an IPv4"),
                bad("PROXY TCP4 192.168.0.1 ::1 56324 443\r\n", "the destination address is not an IPv4"),
                bad("PROXY TCP6 192.168.0.1 ::1 56324 443\r\n", "the source address is not an IPv6 address"),
                bad("PROXY TCP6 ::1 [::1] 56324 443\r\n", "the destination address is not an IPv6"),
                bad("PROXY TCP6 fe80::1%eth0 ::1 56324 443\r\n", "the source address is not an IPv6"),
                bad("PROXY TCP4 192.168.0.1 192.168.0.11 65iii 100000\r\n", "the source port is not a number"),
                bad("PROXY TCP4 192.168.0.1 192.168.0.11 56324 100000\r\n", "the destination port is not a number"),
                bad("PROXY TCP4 192.168.0.1 192.168.0.11 056324 443\r\n", "the source port is not a number"),
                bad("PROXY TCP4 192.168.0.1 192.168.0.11 -1 443\r\n", "the source port is not a number"),
                bad("PROXY TCP4 192.168.0.1 192.168.0.11 1 +443\r\n", "the destination port is not a number"),
                bad("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\n", "LF without CR"),
                bad("PROXY TCP4 192.168.0.1\r192.168.0.11 56324 443\r\n", "CR without LF"),
                bad("PROXY TCP4 192.168.0.1\0192.168.0.11 56324 443\r\n", "not printable ASCII"),
                bad("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\t\r\n", "not printable ASCII"),
                bad("PROXY UNKNOWN " + "x".repeat(200) + "\r\n", "no CRLF within 107 bytes"),
                bad("PROXY UNKNOWN " + "x".repeat(92) + "\r\n", "no CRLF within 107 bytes"),
                bad("PROXY " + "TCP4 192.168.0.1 192.168.0.11 56324 443", "ended inside the header"),
                bad("PROXY ", "ended inside the header"));
    }

    private static Arguments bad(String input, String why) {
        return Arguments.of(input, why);
    }

    @ParameterizedTest
    @MethodSource("malformedV1")
    void malformedV1HeadersAre400(String header, String why) {
        Outcome o = decode(header + REQUEST.substring(0, header.endsWith("\n") ? REQUEST.length() : 0));
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.error().status()).isEqualTo(400);
        assertThat(o.error().kind()).isEqualTo(ParseError.Kind.INVALID_PROXY_HEADER);
        assertThat(o.error().message()).contains(why);
        assertThat(o.error().safeToEcho()).isTrue();
    }

    // ---------------------------------------------------------------- version 2

    @Test
    void v2Tcp4WithTlsTlvsNamesTheClientAndDescribesTls() {
        byte[] header = V2Header.tcp4("203.0.113.7", 51000, "10.0.0.2", 443)
                .tlv(0x04, new byte[3]) // NOOP: skipped
                .tlv(0x01, "h2")
                .tlv(0x02, "shop.example")
                .ssl(0x01, "TLSv1.3", "TLS_AES_128_GCM_SHA256")
                .tlv(0x05, "unique-id") // UNIQUE_ID: skipped
                .tlv(0xE0, new byte[] {1, 2, 3}) // a custom type: skipped
                .crc32c()
                .bytes();
        Outcome o = decode(concat(header, REQUEST));
        assertThat(o.status()).isEqualTo(Status.COMPLETE);
        assertThat(o.header().version()).isEqualTo(2);
        assertThat(o.header().source()).isEqualTo(new InetSocketAddress("203.0.113.7", 51000));
        assertThat(o.header().destination()).isEqualTo(new InetSocketAddress("10.0.0.2", 443));
        assertThat(o.header().tls()).isNotNull();
        assertThat(o.header().tls().protocol()).isEqualTo("TLSv1.3");
        assertThat(o.header().tls().cipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(o.header().tls().serverName()).contains("shop.example");
        assertThat(o.header().tls().applicationProtocol()).contains("h2");
        assertThat(o.header().tls().peerCertificates()).isEmpty();
        assertThat(o.rest()).isEqualTo(REQUEST);
    }

    @Test
    void v2SslTlvWithoutTheClientFlagIsNotTls() {
        byte[] header = V2Header.tcp4("203.0.113.7", 1, "10.0.0.2", 80).ssl(0x00, null, null)
                .tlv(0x02, "shop.example").bytes();
        Outcome o = decode(concat(header, REQUEST));
        assertThat(o.status()).isEqualTo(Status.COMPLETE);
        assertThat(o.header().tls()).isNull();
        Outcome bare = decode(concat(V2Header.tcp4("203.0.113.7", 1, "10.0.0.2", 80).ssl(0x01, null, null)
                .bytes(), REQUEST));
        assertThat(bare.header().tls().protocol()).isEmpty();
        assertThat(bare.header().tls().serverName()).isEmpty();
    }

    @Test
    void v2Tcp6() {
        Outcome o = decode(concat(V2Header.tcp6("2001:db8::7", 4000, "2001:db8::1", 8443).bytes(), REQUEST));
        assertThat(o.status()).isEqualTo(Status.COMPLETE);
        assertThat(o.header().source()).isEqualTo(new InetSocketAddress("2001:db8::7", 4000));
        assertThat(o.header().destination()).isEqualTo(new InetSocketAddress("2001:db8::1", 8443));
        assertThat(o.rest()).isEqualTo(REQUEST);
    }

    @Test
    void v2LocalUnspecifiedAndUnixKeepTheSocketsAddresses() {
        byte[] local = V2Header.raw(0x20, 0x11, new byte[] {1, 2, 3}).bytes(); // LOCAL: whatever follows is ignored
        byte[] unspec = V2Header.raw(0x21, 0x00, new byte[0]).bytes();
        byte[] unix = V2Header.raw(0x21, 0x31, new byte[216]).tlv(0x02, "shop.example").bytes();
        for (byte[] header : new byte[][] {local, unspec, unix}) {
            Outcome o = decode(concat(header, REQUEST));
            assertThat(o.status()).isEqualTo(Status.COMPLETE);
            assertThat(o.header().version()).isEqualTo(2);
            assertThat(o.header().source()).isNull();
            assertThat(o.rest()).isEqualTo(REQUEST);
        }
    }

    static Stream<Arguments> malformedV2() {
        byte[] addresses4 = new byte[12];
        return Stream.of(
                badV2(V2Header.raw(0x11, 0x11, addresses4).bytes(), "version 1, expected 2"),
                badV2(V2Header.raw(0x31, 0x11, addresses4).bytes(), "version 3, expected 2"),
                badV2(V2Header.raw(0x22, 0x11, addresses4).bytes(), "unknown command 2"),
                badV2(V2Header.raw(0x21, 0x12, addresses4).bytes(), "datagram (UDP)"),
                badV2(V2Header.raw(0x21, 0x22, new byte[36]).bytes(), "datagram (UDP)"),
                badV2(V2Header.raw(0x21, 0x41, addresses4).bytes(), "unknown address family and transport 0x41"),
                badV2(V2Header.raw(0x21, 0x10, addresses4).bytes(), "unknown address family and transport 0x10"),
                badV2(V2Header.raw(0x21, 0x11, new byte[8]).bytes(), "length 8 is shorter than the 12 bytes"),
                badV2(V2Header.raw(0x21, 0x21, new byte[12]).bytes(), "length 12 is shorter than the 36 bytes"),
                badV2(V2Header.raw(0x21, 0x31, new byte[100]).bytes(), "length 100 is shorter than the 216 bytes"),
                badV2(V2Header.tcp4("1.2.3.4", 1, "5.6.7.8", 2).tlvByte(0x04).tlvByte(0).bytes(),
                        "a TLV is cut short by the header length"),
                badV2(V2Header.tcp4("1.2.3.4", 1, "5.6.7.8", 2).tlvByte(0x04).tlvByte(0).tlvByte(9).tlvByte(1).bytes(),
                        "a TLV of 9 bytes overruns the header length"),
                badV2(V2Header.tcp4("1.2.3.4", 1, "5.6.7.8", 2).tlv(0x20, new byte[] {1, 0, 0}).bytes(),
                        "the SSL TLV is 3 bytes"),
                badV2(V2Header.tcp4("1.2.3.4", 1, "5.6.7.8", 2).tlv(0x20, new byte[] {1, 0, 0, 0, 0, 0x21, 0, 9}).bytes(),
                        "a TLV of 9 bytes overruns"),
                badV2(V2Header.tcp4("1.2.3.4", 1, "5.6.7.8", 2).tlv(0x02, "two words").bytes(),
                        "the authority TLV is not a host name"),
                badV2(V2Header.tcp4("1.2.3.4", 1, "5.6.7.8", 2).tlv(0x03, new byte[] {1, 2}).bytes(),
                        "the CRC32C TLV is 2 bytes"),
                badV2(corruptAfterChecksum(), "the CRC32C checksum does not match"));
    }

    /** A header with a checksum, one address byte changed after it was computed. */
    private static byte[] corruptAfterChecksum() {
        byte[] h = V2Header.tcp4("1.2.3.4", 1, "5.6.7.8", 2).crc32c().bytes();
        h[16] ^= 1;
        return h;
    }

    private static Arguments badV2(byte[] header, String why) {
        return Arguments.of(header, why);
    }

    @ParameterizedTest
    @MethodSource("malformedV2")
    void malformedV2HeadersAre400(byte[] header, String why) {
        Outcome o = decode(concat(header, REQUEST));
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.error().status()).isEqualTo(400);
        assertThat(o.error().message()).contains(why);
    }

    @Test
    void aV2LengthLongerThanTheHeaderSwallowsTheRequestAndThenWantsMore() {
        // The length claims 12 + 40 bytes: the request's first 40 bytes are taken for TLVs,
        // which do not parse as TLVs, so the header is refused rather than half-served.
        byte[] header = V2Header.tcp4("1.2.3.4", 1, "5.6.7.8", 2).length(12 + 40).bytes();
        Outcome o = decode(concat(header, REQUEST + REQUEST));
        assertThat(o.status()).isEqualTo(Status.FAILED);
        assertThat(o.error().message()).contains("overruns the header length");
    }

    @Test
    void truncatedV2HeadersAre400AtTheEndOfInput() {
        byte[] whole = V2Header.tcp4("1.2.3.4", 1, "5.6.7.8", 2).tlv(0x02, "shop.example").bytes();
        for (int cut = V2Header.SIGNATURE.length; cut < whole.length; cut++) {
            Outcome o = decode(Arrays.copyOf(whole, cut));
            assertThat(o.status()).as("cut at " + cut).isEqualTo(Status.FAILED);
            assertThat(o.error().message()).contains("the connection ended inside the header");
        }
        // Before the signature is complete it may still have been a request: nothing to answer.
        Outcome prefix = decode(Arrays.copyOf(whole, V2Header.SIGNATURE.length - 1));
        assertThat(prefix.status()).isEqualTo(Status.ABSENT);
    }

    @Test
    void aSenderOutsideProxyAllowIpsIs403AsSoonAsItsSignatureIsComplete() {
        byte[] v1 = ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n" + REQUEST);
        byte[] v2 = concat(V2Header.tcp4("1.2.3.4", 1, "5.6.7.8", 2).bytes(), REQUEST);
        for (byte[] input : new byte[][] {v1, v2, ascii("PROXY "), Arrays.copyOf(v2, 12)}) {
            Outcome o = DecoderReplay.everySplit(input, ProxyProtocolMode.AUTO, false);
            assertThat(o.status()).isEqualTo(Status.FAILED);
            assertThat(o.error().status()).isEqualTo(403);
            assertThat(o.error().kind()).isEqualTo(ParseError.Kind.PROXY_HEADER_FORBIDDEN);
            assertThat(o.error().reason()).isEqualTo("Forbidden");
        }
        // Without a header the sender is not asked anything.
        assertThat(DecoderReplay.everySplit(ascii(REQUEST), ProxyProtocolMode.AUTO, false).status())
                .isEqualTo(Status.ABSENT);
    }
}
