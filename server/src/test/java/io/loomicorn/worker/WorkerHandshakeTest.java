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

    @Test
    void everyCharacterOfTheSettingsAndPathsSurvivesTheJson() {
        StringBuilder settings = new StringBuilder("# origin: cli\nraw_env = {\"A\": \"x\\\\y\"}\n");
        for (char c = 0; c < 0x300; c++) {
            settings.append(c);
        }
        settings.append("\u2028\ud83d\ude00\uffff");
        WorkerHandshake hs = new WorkerHandshake(WorkerHandshake.TRAIN, settings.toString(),
                List.of(new WorkerHandshake.ListenerSpec("UNIX", "unix:/tmp/a \"b\"\\c.sock", false)),
                0, Long.MAX_VALUE, 1000, 1000, -1, "");
        assertThat(WorkerHandshake.fromJson(hs.toJson())).isEqualTo(hs);
    }

    @Test
    void noListenersIsAnEmptyList() {
        WorkerHandshake hs = new WorkerHandshake(WorkerHandshake.CHECK, "", List.of(), 1, 0, -1, -1, -1, "");
        assertThat(WorkerHandshake.fromJson(hs.toJson())).isEqualTo(hs);
    }
}
