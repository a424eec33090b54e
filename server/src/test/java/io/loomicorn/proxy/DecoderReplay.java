package io.loomicorn.proxy;

import io.loomicorn.http.parser.ParseError;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds bytes to a {@link ProxyProtocolDecoder} the way a connection driver does: each
 * segment is appended to one input buffer (compact, put, flip), {@code decode} is called
 * after each, and the end of the input is reported with {@code endOfInput}. The outcome
 * includes the bytes left for the HTTP parser, so that a split which made the decoder
 * swallow or drop a byte of the request shows up.
 */
final class DecoderReplay {

    /** What a replay ended with; {@code rest} is everything the HTTP parser would read. */
    record Outcome(ProxyProtocolDecoder.Status status, ProxyHeader header, ParseError error, String rest) {
    }

    private DecoderReplay() {
    }

    static Outcome run(byte[] input, int[] cuts, ProxyProtocolMode mode, boolean allowed) {
        ProxyProtocolDecoder decoder = new ProxyProtocolDecoder(mode, allowed);
        ByteBuffer in = ByteBuffer.allocate(input.length + 16).flip();
        List<byte[]> segments = segments(input, cuts);
        ProxyProtocolDecoder.Status status = ProxyProtocolDecoder.Status.NEED_MORE;
        int fed = 0;
        while (status == ProxyProtocolDecoder.Status.NEED_MORE && fed < segments.size()) {
            in.compact().put(segments.get(fed++)).flip();
            status = decoder.decode(in);
        }
        if (status == ProxyProtocolDecoder.Status.NEED_MORE) {
            status = decoder.endOfInput();
        }
        StringBuilder rest = new StringBuilder(new String(in.array(), in.position(), in.remaining(),
                StandardCharsets.ISO_8859_1));
        for (int i = fed; i < segments.size(); i++) {
            rest.append(new String(segments.get(i), StandardCharsets.ISO_8859_1));
        }
        assertThat(decoder.decode(in)).as("decode after the outcome repeats it").isEqualTo(status);
        return new Outcome(status, decoder.header(), decoder.error(), rest.toString());
    }

    /** Runs the input whole, then split once at every position, then byte by byte; all must agree. */
    static Outcome everySplit(byte[] input, ProxyProtocolMode mode, boolean allowed) {
        Outcome whole = run(input, new int[0], mode, allowed);
        for (int cut = 1; cut < input.length; cut++) {
            assertThat(run(input, new int[] {cut}, mode, allowed)).as("split at " + cut).isEqualTo(whole);
        }
        int[] every = new int[Math.max(0, input.length - 1)];
        for (int i = 0; i < every.length; i++) {
            every[i] = i + 1;
        }
        assertThat(run(input, every, mode, allowed)).as("byte by byte").isEqualTo(whole);
        return whole;
    }

    static List<byte[]> segments(byte[] input, int[] cuts) {
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            out.add(Arrays.copyOfRange(input, from, cut));
            from = cut;
        }
        out.add(Arrays.copyOfRange(input, from, input.length));
        return out;
    }
}
