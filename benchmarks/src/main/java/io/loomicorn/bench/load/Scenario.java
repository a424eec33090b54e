package io.loomicorn.bench.load;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One kind of load, and what it shows. The paths are routes of
 * {@code io.loomicorn.examples.DemoApp}, whose behaviour is a contract.
 */
public enum Scenario {

    /** Hello world on kept-alive connections: the server's raw per-request overhead. */
    PLAINTEXT("plaintext", "plaintext, keep-alive", "/", true,
            "raw per-request overhead"),
    /** Hello world with {@code Connection: close}: accept and close on every request. */
    PLAINTEXT_CLOSE("plaintext-close", "plaintext, new connection per request", "/", false,
            "accept path; sync's natural mode"),
    /** Requests that block 10 ms, at many concurrent connections. */
    SLEEP("sleep-10ms", "/sleep?ms=10, many connections", "/sleep?ms=10", true,
            "I/O-bound apps: concurrency per worker"),
    /** Requests that burn 1 ms of CPU. */
    SPIN("spin-1ms", "/spin?ms=1 (CPU)", "/spin?ms=1", true,
            "CPU-bound apps"),
    /** 1 MiB responses with a Content-Length. */
    BYTES("bytes-1mib", "/bytes?n=1048576", "/bytes?n=1048576", true,
            "large responses and back-pressure"),
    /** Thousands of idle kept-alive connections while a few connections are busy. */
    IDLE("idle-keepalive", "idle keep-alive connections + active", "/", true,
            "connection capacity, memory per connection");

    private final String id;
    private final String title;
    private final String path;
    private final boolean keepAlive;
    private final String shows;

    Scenario(String id, String title, String path, boolean keepAlive, String shows) {
        this.id = id;
        this.title = title;
        this.path = path;
        this.keepAlive = keepAlive;
        this.shows = shows;
    }

    /** The short name used on the command line, in JSON and in the table. */
    public String id() {
        return id;
    }

    /** A human title. */
    public String title() {
        return title;
    }

    /** The request target. */
    public String path() {
        return path;
    }

    /** Whether the client keeps connections alive ({@code false}: {@code Connection: close}). */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** What the scenario shows. */
    public String shows() {
        return shows;
    }

    /** Every scenario's {@link #id()}. */
    public static List<String> names() {
        return Arrays.stream(values()).map(Scenario::id).toList();
    }

    /**
     * Finds a scenario by {@link #id()}.
     *
     * @param id the name
     * @return the scenario
     * @throws IllegalArgumentException naming the known scenarios
     */
    public static Scenario byName(String id) {
        for (Scenario s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + id + "'; known: "
                + Arrays.stream(values()).map(Scenario::id).collect(Collectors.joining(", ")));
    }
}
