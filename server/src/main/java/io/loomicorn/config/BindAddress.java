package io.loomicorn.config;

/**
 * One address of the {@code bind} setting, parsed.
 *
 * <p>The forms are gunicorn's: {@code HOST}, {@code HOST:PORT}, {@code [IPv6]:PORT},
 * {@code tcp://HOST:PORT}, {@code unix:PATH}, {@code unix://PATH} and {@code fd://N}. A host
 * without a port means port 8000. The setting keeps the text as the user wrote it; the
 * validator and the master both use {@link #parse} so that they agree on its meaning.
 */
public sealed interface BindAddress {

    /** The port used when an address names a host only. */
    int DEFAULT_PORT = 8000;

    /**
     * A TCP address.
     *
     * @param host a host name, an IPv4 address, or an IPv6 address without brackets
     * @param port 0 to 65535 (0 lets the kernel choose)
     */
    record Tcp(String host, int port) implements BindAddress {
    }

    /**
     * A Unix domain socket.
     *
     * @param path the socket's file path
     */
    record Unix(String path) implements BindAddress {
    }

    /**
     * A listening socket that is already open as a file descriptor.
     *
     * @param fd the descriptor number
     */
    record Fd(int fd) implements BindAddress {
    }

    /** What {@link #parse} accepts, as the end of an error message. */
    String ALLOWED = "expected HOST, HOST:PORT, [IPv6]:PORT, tcp://HOST:PORT, unix:PATH, unix://PATH"
            + " or fd://N, with a PORT from 0 to 65535";

    /**
     * Parses one address.
     *
     * @param text the address as written by the user
     * @return the parsed address
     * @throws IllegalArgumentException with {@link #ALLOWED} or a more precise reason
     */
    static BindAddress parse(String text) {
        return BindAddressParser.parse(text);
    }
}
