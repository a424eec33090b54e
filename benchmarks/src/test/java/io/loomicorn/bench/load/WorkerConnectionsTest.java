package io.loomicorn.bench.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Counting a process's established connections on a server port, over real loopback sockets. */
class WorkerConnectionsTest {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void countsTheServerSideOfEachEstablishedConnection() throws Exception {
        List<SocketChannel> open = new ArrayList<>();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            assertThat(WorkerConnections.count(List.of(SELF), port)).containsExactly(0);
            for (int i = 0; i < 3; i++) {
                open.add(SocketChannel.open(server.getLocalAddress()));
                open.add(server.accept());
            }
            // The clients' sockets are this process's too, but on ephemeral local ports.
            assertThat(WorkerConnections.count(List.of(SELF, Long.MAX_VALUE), port)).containsExactly(3, 0);
            open.get(1).close();
            assertThat(WorkerConnections.count(List.of(SELF), port)).containsExactly(2);
        } finally {
            for (SocketChannel c : open) {
                c.close();
            }
        }
    }

    @Test
    void readsOnlyEstablishedRowsOfTheLocalPort(@TempDir Path dir) throws Exception {
        Path table = dir.resolve("tcp");
        Files.writeString(table, """
                  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
                   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 101 1
                   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 102 1
                   2: 0100007F:C350 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 103 1
                   3: 0100007F:1F90 0100007F:C351 06 00000000:00000000 00:00000000 00000000     0        0 104 1
                """);
        assertThat(WorkerConnections.establishedInodes(table, 8080)).containsExactly("102");
        assertThat(WorkerConnections.establishedInodes(dir.resolve("absent"), 8080)).isEmpty();
    }
}
