package io.loomicorn.metrics;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The accept queue of a TCP listener, as /proc/net/tcp tells it. */
class ListenBacklogTest {

    @Test
    void aListeningRowGivesItsAcceptQueue() {
        Map<Integer, Long> out = new HashMap<>();
        ListenBacklog.parse("   4: 0100007F:870D 00000000:0000 0A 00000000:00000003 00:00000000 00000000     0        0 9857132 2 0 100 0 0 10 0",
                Map.of(9857132L, 7), out);
        ListenBacklog.parse("   5: 0100007F:870D 0100007F:9999 01 00000000:00000010 00:00000000 00000000     0        0 9857133 2 0 100 0 0 10 0",
                Map.of(9857133L, 8), out);
        assertThat(out).containsExactly(Map.entry(7, 3L));
    }

    @Test
    void connectionsNotYetAcceptedShowInTheQueueOfARealListener() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            int fd = io.loomicorn.internal.FdChannels.fd(listener);
            List<Socket> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    clients.add(new Socket(InetAddress.getLoopbackAddress(), listener.socket().getLocalPort()));
                }
                assertThat(ListenBacklog.read(List.of(fd))).containsEntry(fd, 3L);
            } finally {
                for (Socket s : clients) {
                    s.close();
                }
            }
        }
    }
}
