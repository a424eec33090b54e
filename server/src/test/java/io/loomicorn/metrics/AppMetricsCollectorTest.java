package io.loomicorn.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The master's side over real Unix sockets, with in-test servers in place of workers. */
class AppMetricsCollectorTest {

    @TempDir
    Path tmp;

    private final List<ServerSocketChannel> servers = new ArrayList<>();
    private AppMetricsCollector collector;

    @AfterEach
    void close() throws IOException {
        for (ServerSocketChannel s : servers) {
            s.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    private static MasterView.Worker worker(int slot, int age, String state) {
        return new MasterView.Worker(slot, 1000 + age, age, 0, state, 0);
    }

    /** A worker's socket that answers {@code text} to every connection, or never answers when text is null. */
    private void serve(int age, String text) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(collector.socket(age)));
        servers.add(server);
        if (text == null) {
            return; // connections wait in the backlog: a stopped worker
        }
        Thread.ofVirtual().start(() -> {
            while (true) {
                try (SocketChannel c = server.accept()) {
                    c.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @Test
    void asksTheYoungestServingWorkerOfEachSlotInAPrivateDirectory() throws Exception {
        collector = new AppMetricsCollector(42);
        assertThat(collector.collect(List.of(worker(0, 1, "ready")))).as("off until enabled").isEmpty();
        collector.enable(tmp, null);
        Path dir = collector.socket(1).getParent();
        assertThat(dir.getFileName().toString()).isEqualTo("loomicorn-42-app-metrics");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        serve(1, "a 1\n");
        serve(2, "a 2\n");
        serve(3, "a 3\n");
        serve(4, "a 4\n");
        String text = collector.collect(List.of(worker(0, 1, "retiring"), worker(1, 2, "ready"),
                worker(0, 3, "ready"), worker(1, 4, "booting")));
        assertThat(text).isEqualTo("# TYPE a untyped\na{worker=\"0\"} 3\na{worker=\"1\"} 2\n");
        collector.forget(4);
        assertThat(collector.socket(4)).doesNotExist();
        collector.close();
        assertThat(dir).doesNotExist();
    }

    @Test
    void aSilentWorkerAndBadTextAreLeftOutAndCountedAndTheOthersServed() throws Exception {
        collector = new AppMetricsCollector(43);
        collector.enable(tmp, null);
        serve(1, null);
        serve(2, "<html>\n");
        serve(3, "# TYPE b gauge\nb 7\n");
        // age 4 has no socket (started before the admin endpoint): nothing, and no drop
        List<MasterView.Worker> workers = List.of(worker(0, 1, "ready"), worker(1, 2, "ready"),
                worker(2, 3, "ready"), worker(3, 4, "ready"));
        long start = System.nanoTime();
        String text = collector.collect(workers);
        assertThat((System.nanoTime() - start) / 1_000_000).as("bounded by the timeout, generously")
                .isLessThan(AppMetricsCollector.TIMEOUT_MILLIS * 10);
        assertThat(text).isEqualTo("# TYPE b gauge\nb{worker=\"2\"} 7\n");
        assertThat(collector.dropped(AppMetricsCollector.Drop.TIMEOUT)).isEqualTo(1);
        assertThat(collector.dropped(AppMetricsCollector.Drop.INVALID)).isEqualTo(1);
        assertThat(collector.dropped(AppMetricsCollector.Drop.ERROR)).isZero();
    }
}
