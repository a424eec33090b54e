package io.loomicorn.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerHandshakeTest {

    @Test
    void theJsonCarriesWhichListenersSpeakTls() {
        WorkerHandshake hs = new WorkerHandshake(WorkerHandshake.SERVE, "workers = 2\n",
                List.of(new WorkerHandshake.ListenerSpec("INET", "0.0.0.0:8443", true),
                        new WorkerHandshake.ListenerSpec("UNIX", "unix:/run/app.sock", false)),
                3, 1000, -1, -1, 2, "/tmp/loomicorn-1-app-metrics/3.sock");
        WorkerHandshake back = WorkerHandshake.fromJson(hs.toJson());
        assertThat(back).isEqualTo(hs);
        assertThat(back.listeners()).extracting(WorkerHandshake.ListenerSpec::tls).containsExactly(true, false);
    }
}
