package io.loomicorn.http.parser;

import io.loomicorn.http.Headers;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Replays raw bytes through a {@link RequestParser} the way an engine does: the bytes arrive
 * in segments appended to one input buffer, heads are parsed, bodies read with a given
 * read size (or skipped), and the parser is reset between pipelined requests. Checks the
 * contract on the way (NEED_MORE consumes everything, bounded buffers, no endless loop).
 */
final class Replay {

    /** What the application would see of one request. */
    record Parsed(String method, String target, String path, String query, String fragment, String version, String rawVersion,
                  List<List<String>> headers, String body, List<List<String>> trailers,
                  boolean keepAlive, boolean expectContinue, long contentLength, boolean chunked,
                  boolean isHead) {
    }

    /**
     * The requests parsed, then either a clean end or an error ("STATUS KIND");
     * {@code lastStart} is the input offset where the last request (or the failed one) began.
     */
    record Outcome(List<Parsed> requests, String error, long lastStart) {
        int status() {
            return error == null ? 0 : Integer.parseInt(error.substring(0, 3));
        }

        String kind() {
            return error == null ? null : error.substring(4);
        }
    }

    private Replay() {
    }

    /** Cut points of the whole input in one segment. */
    static int[] whole() {
        return new int[0];
    }

    /** Cut points after every byte. */
    static int[] byteByByte(int length) {
        int[] cuts = new int[Math.max(0, length - 1)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return cuts;
    }

    /** Random sorted cut points. */
    static int[] randomCuts(int length, Random rnd) {
        if (length < 2) {
            return new int[0];
        }
        int n = rnd.nextInt(Math.min(length, 12)) + 1;
        int[] cuts = rnd.ints(n, 1, length).distinct().sorted().toArray();
        return cuts;
    }

    /**
     * Replays {@code input}.
     *
     * @param cuts    sorted positions where the input is split into segments
     * @param readLen the {@code len} of body reads; 0 to skip bodies instead
     * @param direct  use a direct input buffer
     */
    static Outcome run(byte[] input, ParserConfig config, int[] cuts, int readLen, boolean direct) {
        RequestParser parser = new RequestParser(config);
        List<byte[]> segments = segments(input, cuts);
        ByteBuffer in = direct ? ByteBuffer.allocateDirect(input.length + 1) : ByteBuffer.allocate(input.length + 1);
        in.flip();
        int next = 0;
        List<Parsed> out = new ArrayList<>();
        byte[] dst = new byte[Math.max(readLen, 1)];
        long budget = 8L * input.length + 4L * segments.size() + 64;
        ParsedHead current = null;
        ByteArrayOutputStream body = null;
        long appended = 0;
        long start = 0;
        for (;;) {
            if (--budget < 0) {
                throw new AssertionError("no progress: the parser loops");
            }
            assertBounded(parser, config);
            if (current == null) {
                RequestParser.Status s = parser.parse(in);
                switch (s) {
                    case NEED_MORE -> {
                        if (in.hasRemaining()) {
                            throw new AssertionError("NEED_MORE with " + in.remaining() + " bytes left in the input");
                        }
                        if (next < segments.size()) {
                            appended += segments.get(next).length;
                            append(in, segments.get(next++));
                        } else if (parser.isIdle()) {
                            if (parser.endOfInput() != null) {
                                throw new AssertionError("an idle parser reports an error at EOF");
                            }
                            return new Outcome(out, null, start);
                        } else {
                            return new Outcome(out, describe(parser.endOfInput()), start);
                        }
                    }
                    case ERROR -> {
                        if (parser.parse(in) != RequestParser.Status.ERROR) {
                            throw new AssertionError("error is not sticky");
                        }
                        return new Outcome(out, describe(parser.error()), start);
                    }
                    case COMPLETE -> {
                        current = ParsedHead.of(parser.head());
                        body = new ByteArrayOutputStream();
                    }
                }
            } else {
                BodyDecoder decoder = parser.body();
                int r = readLen > 0 ? decoder.read(in, dst, 0, readLen) : decoder.skip(in);
                if (r > 0) {
                    if (readLen > 0) {
                        body.write(dst, 0, r);
                    } else {
                        body.write(new byte[r], 0, r);
                    }
                } else if (r == BodyDecoder.NEED_MORE) {
                    if (in.hasRemaining()) {
                        throw new AssertionError("body NEED_MORE with " + in.remaining() + " bytes left in the input");
                    }
                    if (next < segments.size()) {
                        appended += segments.get(next).length;
                        append(in, segments.get(next++));
                    } else {
                        return new Outcome(out, describe(parser.endOfInput()), start);
                    }
                } else if (r == BodyDecoder.END) {
                    if (!decoder.isComplete()) {
                        throw new AssertionError("END while not complete");
                    }
                    String text = readLen > 0 ? body.toString(StandardCharsets.ISO_8859_1) : "<" + body.size() + " bytes skipped>";
                    out.add(current.with(text, fields(decoder.trailers())));
                    boolean keepAlive = current.keepAlive;
                    current = null;
                    if (!keepAlive) {
                        return new Outcome(out, null, start);
                    }
                    parser.reset();
                    start = appended - in.remaining();
                    if (!parser.isIdle()) {
                        throw new AssertionError("not idle after reset");
                    }
                } else if (r == BodyDecoder.ERROR) {
                    if (decoder.error() == null || parser.error() != decoder.error()) {
                        throw new AssertionError("body error not reported by the parser");
                    }
                    return new Outcome(out, describe(decoder.error()), start);
                } else {
                    throw new AssertionError("read returned " + r);
                }
            }
        }
    }

    private static void assertBounded(RequestParser parser, ParserConfig config) {
        int bound = config.maxHeadBytes();
        if (parser.bufferCapacity() > bound || parser.trailerBufferCapacity() > bound) {
            throw new AssertionError("buffer " + parser.bufferCapacity() + "/" + parser.trailerBufferCapacity()
                    + " above the bound " + bound);
        }
    }

    private static String describe(ParseError e) {
        if (e == null) {
            throw new AssertionError("missing error");
        }
        if (!e.message().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new AssertionError("message is not one line of printable ASCII: " + e.message());
        }
        return e.status() + " " + e.kind();
    }

    private static void append(ByteBuffer in, byte[] segment) {
        in.compact();
        in.put(segment);
        in.flip();
    }

    private static List<byte[]> segments(byte[] input, int[] cuts) {
        List<byte[]> out = new ArrayList<>();
        int prev = 0;
        for (int c : cuts) {
            if (c > prev && c < input.length) {
                out.add(Arrays.copyOfRange(input, prev, c));
                prev = c;
            }
        }
        out.add(Arrays.copyOfRange(input, prev, input.length));
        return out;
    }

    static List<List<String>> fields(Headers h) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            out.add(List.of(h.name(i), h.value(i)));
        }
        return out;
    }

    /** The head part, captured at COMPLETE (the head is only valid until reset). */
    private record ParsedHead(String method, String target, String path, String query, String fragment, String version, String rawVersion,
                              List<List<String>> headers, boolean keepAlive, boolean expectContinue,
                              long contentLength, boolean chunked, boolean isHead) {
        static ParsedHead of(RequestHead h) {
            return new ParsedHead(h.method(), h.target(), h.path(), h.query(), h.fragment(), h.version().text(),
                    "HTTP/" + h.versionMajor() + "." + h.versionMinor(),
                    fields(h.headers()), h.keepAlive(), h.expectContinue(), h.contentLength(), h.chunked(), h.isHead());
        }

        Parsed with(String body, List<List<String>> trailers) {
            return new Parsed(method, target, path, query, fragment, version, rawVersion, headers, body, trailers, keepAlive,
                    expectContinue, contentLength, chunked, isHead);
        }
    }
}
