package io.loomicorn.internal;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * The only use of JDK internals in Loomicorn: the descriptor number of a channel, and a
 * {@link ServerSocketChannel} around a descriptor that came from elsewhere (another
 * process, systemd, {@code fd://N}).
 *
 * <p>The JDK does exactly this for descriptor 0 in {@code sun.nio.ch.InheritedChannel},
 * but offers no public way for other numbers. It needs two {@code --add-opens} on the
 * command line of every Loomicorn JVM, which {@link JvmFlags} lists (the launcher and the
 * master add them).
 * {@link #selfTest()} fails with a clear message when a JDK changes these internals; a
 * unit test and every worker's start run it.
 */
public final class FdChannels {

    private static final String HINT = "; run the JVM with " + JvmFlags.requiredLine() + " (the loomicorn launcher does)";

    private FdChannels() {
    }

    /**
     * Returns the descriptor number of a JDK socket channel.
     *
     * @param channel a channel made by the default {@link SelectorProvider}
     * @return its descriptor
     * @throws IOException if the JDK does not expose it
     */
    public static int fd(Channel channel) throws IOException {
        try {
            Class<?> selCh = Class.forName("sun.nio.ch.SelChImpl");
            if (!selCh.isInstance(channel)) {
                throw new IOException("not a JDK socket channel: " + channel.getClass().getName());
            }
            Method getFdVal = selCh.getMethod("getFDVal");
            getFdVal.setAccessible(true);
            return (int) getFdVal.invoke(channel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw internals("read the descriptor of a channel", e);
        }
    }

    /**
     * Wraps a listening socket's descriptor in a {@link ServerSocketChannel}. The channel
     * owns the descriptor from now on: closing the channel closes it.
     *
     * @param fd     a bound, listening stream socket
     * @param family {@link java.net.StandardProtocolFamily#INET}, {@code INET6} or {@code UNIX}
     * @return a blocking channel
     * @throws IOException if the JDK refuses
     */
    public static ServerSocketChannel adoptListener(int fd, ProtocolFamily family) throws IOException {
        try {
            Constructor<FileDescriptor> fdCtor = FileDescriptor.class.getDeclaredConstructor(int.class);
            fdCtor.setAccessible(true);
            FileDescriptor descriptor = fdCtor.newInstance(fd);
            Class<?> impl = Class.forName("sun.nio.ch.ServerSocketChannelImpl");
            Constructor<?> ctor = impl.getDeclaredConstructor(SelectorProvider.class, ProtocolFamily.class,
                    FileDescriptor.class, boolean.class);
            ctor.setAccessible(true);
            return (ServerSocketChannel) ctor.newInstance(SelectorProvider.provider(), family, descriptor, true);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw internals("adopt a listening socket", e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw internals("adopt a listening socket", e);
        }
    }

    /**
     * Checks that this JDK still has the internals used here and that they are open.
     *
     * @throws IOException naming what is missing
     */
    public static void selfTest() throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            int fd = fd(probe);
            if (fd < 0) {
                throw new IOException("the JDK reported descriptor " + fd + " for an open channel");
            }
        }
        try {
            FileDescriptor.class.getDeclaredConstructor(int.class).setAccessible(true);
            Class.forName("sun.nio.ch.ServerSocketChannelImpl").getDeclaredConstructor(SelectorProvider.class,
                    ProtocolFamily.class, FileDescriptor.class, boolean.class).setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw internals("find the channel constructor", e);
        }
    }

    private static IOException internals(String what, Throwable cause) {
        return new IOException("cannot " + what + " on JDK " + Runtime.version() + ": " + cause + HINT, cause);
    }
}
