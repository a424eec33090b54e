package io.loomicorn.bench.parser;

import io.loomicorn.http.Headers;
import io.loomicorn.http.parser.BodyDecoder;
import io.loomicorn.http.parser.ParserConfig;
import io.loomicorn.http.parser.RequestHead;
import io.loomicorn.http.parser.RequestParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.ReferenceCountUtil;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What one benchmark operation does, on each side, for one input: every request of the
 * input is parsed and its body read through. Shared by the benchmark and by
 * {@code ParserInputTest}, so the test checks exactly the code that is measured.
 *
 * <ul>
 *   <li>{@link #loomicornLazy}: the parser plus what a router typically reads: method,
 *       path, query, Host, header count, keep-alive. Other Strings are never made.</li>
 *   <li>{@link #loomicornAllStrings}: also materialises the target and every header name
 *       and value as a String, which Netty always does; this is the like-for-like one.</li>
 *   <li>{@link #netty}: Netty's {@code HttpRequestDecoder} (default {@code HttpDecoderConfig}:
 *       header validation and strict line parsing on) in an {@code EmbeddedChannel}; reads
 *       method name, uri, and every header name and value, and the content sizes;
 *       releases every message.</li>
 * </ul>
 */
public final class ParserRunner {

    private final byte[] bytes;
    private final ByteBuffer in;
    private final RequestParser parser = new RequestParser(ParserConfig.defaults());
    private final byte[] dst = new byte[8192];
    private final EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder());
    private final ByteBuf nettyInput;

    /**
     * Prepares both parsers for one input.
     *
     * @param input the input
     */
    public ParserRunner(ParserInput input) {
        this.bytes = input.bytes();
        this.in = ByteBuffer.wrap(bytes);
        this.nettyInput = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes.clone()));
    }

    /** Returns the input length in bytes. */
    public int length() {
        return bytes.length;
    }

    /**
     * Parses the input with Loomicorn's parser, reading only what a router reads.
     *
     * @return requests parsed plus body bytes read
     */
    public long loomicornLazy(Blackhole bh) {
        ByteBuffer in = this.in;
        in.clear();
        RequestParser p = parser;
        long n = 0;
        while (in.hasRemaining()) {
            if (p.parse(in) != RequestParser.Status.COMPLETE) {
                throw new IllegalStateException("parse failed: " + p.error());
            }
            RequestHead h = p.head();
            bh.consume(h.method());
            bh.consume(h.path());
            bh.consume(h.query());
            bh.consume(h.host());
            bh.consume(h.headers().size());
            bh.consume(h.keepAlive());
            n += 1 + readBody(p.body());
            p.reset();
        }
        return n;
    }

    /**
     * Parses the input with Loomicorn's parser and materialises every String.
     *
     * @return requests parsed plus body bytes read
     */
    public long loomicornAllStrings(Blackhole bh) {
        ByteBuffer in = this.in;
        in.clear();
        RequestParser p = parser;
        long n = 0;
        while (in.hasRemaining()) {
            if (p.parse(in) != RequestParser.Status.COMPLETE) {
                throw new IllegalStateException("parse failed: " + p.error());
            }
            RequestHead h = p.head();
            bh.consume(h.method());
            bh.consume(h.target());
            bh.consume(h.path());
            bh.consume(h.query());
            bh.consume(h.keepAlive());
            Headers headers = h.headers();
            for (int i = 0, c = headers.size(); i < c; i++) {
                bh.consume(headers.name(i));
                bh.consume(headers.value(i));
            }
            n += 1 + readBody(p.body());
            p.reset();
        }
        return n;
    }

    private long readBody(BodyDecoder body) {
        long total = 0;
        int r;
        while ((r = body.read(in, dst, 0, dst.length)) > 0) {
            total += r;
        }
        if (r != BodyDecoder.END) {
            throw new IllegalStateException("body read returned " + r + ": " + body.error());
        }
        return total;
    }

    /**
     * Parses the input with Netty's {@code HttpRequestDecoder}.
     *
     * @return requests parsed plus body bytes read
     */
    public long netty(Blackhole bh) {
        channel.writeInbound(nettyInput.retainedDuplicate());
        long n = 0;
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            try {
                if (((HttpObject) msg).decoderResult().isFailure()) {
                    throw new IllegalStateException("Netty failed: " + ((HttpObject) msg).decoderResult().cause());
                }
                if (msg instanceof HttpRequest r) {
                    bh.consume(r.method().name());
                    bh.consume(r.uri());
                    Iterator<Map.Entry<CharSequence, CharSequence>> it = r.headers().iteratorCharSequence();
                    while (it.hasNext()) {
                        Map.Entry<CharSequence, CharSequence> e = it.next();
                        bh.consume(e.getKey());
                        bh.consume(e.getValue());
                    }
                    n++;
                }
                if (msg instanceof HttpContent c) {
                    n += c.content().readableBytes();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        return n;
    }

    /** Runs each side once and checks it parsed the expected requests and body bytes. */
    public void verify(ParserInput input, Consumer<String> log) {
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        try {
            long expected = input.requests() + input.bodyBytes();
            long lazy = loomicornLazy(bh);
            long all = loomicornAllStrings(bh);
            long netty = netty(bh);
            if (lazy != expected || all != expected || netty != expected) {
                throw new IllegalStateException(input + ": expected " + expected + " (requests + body bytes), got "
                        + lazy + " / " + all + " / netty " + netty);
            }
            log.accept(input + ": " + bytes.length + " bytes, " + input.requests() + " requests, "
                    + input.bodyBytes() + " body bytes: valid for both parsers");
        } finally {
            bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
        }
    }

    /** Releases the Netty channel. */
    public void close() {
        channel.finishAndReleaseAll();
    }
}
