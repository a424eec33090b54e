package io.loomicorn.worker.vthread;

import io.loomicorn.app.App;
import io.loomicorn.config.Config;
import io.loomicorn.config.Settings;
import io.loomicorn.spi.WorkerFactory;
import io.loomicorn.testing.HttpTestClient;
import io.loomicorn.testing.InProcessWorker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Response.sendFile} to clients that do not read, on the vthread worker with its
 * readiness poller: the sending threads park instead of holding their carriers in the
 * kernel's {@code sendfile}, so a cheap request is still answered. (On a channel in
 * blocking mode the JDK's {@code sendfile} blocks the carrier: with as many stuck
 * downloads as carriers, the worker answered nothing more.)
 */
@Timeout(120)
class VThreadSendFileTest {

    private static final WorkerFactory FACTORY = new VThreadWorkerFactory();

    static {
        Settings.registerWorkerSettings(FACTORY.name(), FACTORY.settings());
    }

    @Test
    void filesSentToClientsThatDoNotReadLeaveTheCarriersFree(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("large");
        Files.write(file, new byte[64 * 1024 * 1024]); // more than every socket buffer between
        App app = (q, r) -> {
            if (q.path().equals("/file")) {
                r.sendFile(file);
            } else {
                r.send("ok");
            }
        };
        int stuck = CarrierGovernor.defaultScheduler().getParallelism() + 1;
        List<HttpTestClient> downloads = new ArrayList<>();
        try (InProcessWorker w = InProcessWorker.start(FACTORY, app, Config.defaults())) {
            try (HttpTestClient c = w.client()) {
                assertThat(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("ok");
            }
            try {
                for (int i = 0; i < stuck; i++) {
                    HttpTestClient c = w.client();
                    downloads.add(c);
                    c.send("GET /file HTTP/1.1\r\nHost: x\r\n\r\n"); // and never read
                }
                w.awaitRunning(stuck);
                try (HttpTestClient c = w.client()) {
                    assertThat(c.exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n").text()).isEqualTo("ok");
                }
            } finally {
                for (HttpTestClient c : downloads) {
                    c.close();
                }
            }
        }
    }
}
