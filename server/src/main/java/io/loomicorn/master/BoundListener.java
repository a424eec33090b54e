package io.loomicorn.master;

import io.loomicorn.internal.FdChannels;
import io.loomicorn.internal.Posix;
import io.loomicorn.spi.Listener;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A listening socket the master holds for its whole life and hands to every worker.
 *
 * @param channel  the channel (the master never accepts on it)
 * @param family   the address family, sent to workers so they can adopt the descriptor
 * @param address  the bound address
 * @param unixPath the socket file to unlink at exit, or {@code null} (TCP, or a socket
 *                 the master did not create)
 * @param insecure bound from {@code insecure_bind}: plain HTTP even when {@code certfile}
 *                 turns TLS on
 */
record BoundListener(ServerSocketChannel channel, Posix.Family family, SocketAddress address, Path unixPath,
                     boolean insecure) {

    /** A listener of {@code bind}. */
    BoundListener(ServerSocketChannel channel, Posix.Family family, SocketAddress address, Path unixPath) {
        this(channel, family, address, unixPath, false);
    }

    /** Returns this listener marked as one of {@code insecure_bind}. */
    BoundListener asInsecure() {
        return new BoundListener(channel, family, address, unixPath, true);
    }

    /** Tells whether its connections speak TLS, given whether {@code certfile} is set. */
    boolean tls(boolean certificate) {
        return certificate && !insecure;
    }

    /** Returns the descriptor to pass to workers. */
    int fd() throws IOException {
        return FdChannels.fd(channel);
    }

    /** Returns the address as users write it. */
    String display() {
        return Listener.describe(address);
    }

    /** Returns the URL form of gunicorn's "Listening at" line; {@code https} for TLS listeners. */
    String url(boolean certificate) {
        String scheme = tls(certificate) ? "https://" : "http://";
        return unixPath != null || family == Posix.Family.UNIX ? display() + (tls(certificate) ? " (TLS)" : "")
                : scheme + display();
    }

    /** Closes the master's descriptor and removes a socket file the master created. */
    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do at exit
        }
        if (unixPath != null) {
            try {
                Files.deleteIfExists(unixPath);
            } catch (IOException e) {
                // best effort: the next start removes a stale socket anyway
            }
        }
    }
}
