package io.loomicorn.proxy;

import java.net.InetSocketAddress;

/**
 * What trusted proxies said about one request, each part {@code null} (or -1) when they
 * said nothing about it.
 *
 * @param scheme     {@code http} or {@code https}
 * @param client     the client's address; port 0 when the header gave none
 * @param host       the host name the client asked for, as in a Host header ({@code [::1]} for IPv6)
 * @param port       the port the client connected to, or -1
 * @param scriptName the mount point from a trusted {@code SCRIPT_NAME} header, normalised:
 *                   empty, or starting with {@code /} and not ending with one
 */
public record Forwarded(String scheme, InetSocketAddress client, String host, int port, String scriptName) {

    /** Nothing said: the connection's own values stand. */
    public static final Forwarded NONE = new Forwarded(null, null, null, -1, null);
}
