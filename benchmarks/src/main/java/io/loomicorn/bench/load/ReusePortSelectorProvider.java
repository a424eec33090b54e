package io.loomicorn.bench.load;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;

/**
 * The JDK's selector provider, except that every server socket channel it opens has
 * {@code SO_REUSEPORT} set before it is bound: so that two Undertow JVMs, which bind through
 * XNIO and offer no such option, can listen on one port ({@link ReusePortJvms});
 * installed with
 * {@code -Djava.nio.channels.spi.SelectorProvider=} this class; reading the JDK's own provider
 * needs {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}.
 */
public final class ReusePortSelectorProvider extends SelectorProvider {

    private final SelectorProvider jdk;

    /**
     * Wraps the JDK's default provider.
     *
     * @throws ReflectiveOperationException if the JDK's provider cannot be read
     */
    public ReusePortSelectorProvider() throws ReflectiveOperationException {
        jdk = (SelectorProvider) Class.forName("sun.nio.ch.DefaultSelectorProvider").getMethod("get").invoke(null);
    }

    @Override
    public ServerSocketChannel openServerSocketChannel() throws IOException {
        return reusePort(jdk.openServerSocketChannel());
    }

    @Override
    public ServerSocketChannel openServerSocketChannel(ProtocolFamily family) throws IOException {
        return reusePort(jdk.openServerSocketChannel(family));
    }

    private static ServerSocketChannel reusePort(ServerSocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        return channel;
    }

    @Override
    public DatagramChannel openDatagramChannel() throws IOException {
        return jdk.openDatagramChannel();
    }

    @Override
    public DatagramChannel openDatagramChannel(ProtocolFamily family) throws IOException {
        return jdk.openDatagramChannel(family);
    }

    @Override
    public Pipe openPipe() throws IOException {
        return jdk.openPipe();
    }

    @Override
    public AbstractSelector openSelector() throws IOException {
        return jdk.openSelector();
    }

    @Override
    public SocketChannel openSocketChannel() throws IOException {
        return jdk.openSocketChannel();
    }

    @Override
    public SocketChannel openSocketChannel(ProtocolFamily family) throws IOException {
        return jdk.openSocketChannel(family);
    }

    @Override
    public Channel inheritedChannel() throws IOException {
        return jdk.inheritedChannel();
    }
}
