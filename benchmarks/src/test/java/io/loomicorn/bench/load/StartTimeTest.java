package io.loomicorn.bench.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartTimeTest {

    @Test
    void readsEachWorkersBootFromTheMastersLog() {
        String log = """
                [2026-12-07 15:20:01 +0000] [1234] [INFO] [master] Starting loomicorn 0.1.0-SNAPSHOT
                [2026-12-07 15:20:01 +0000] [1234] [INFO] [master] Listening at: http://127.0.0.1:41234 (1234)
                [2026-12-07 15:20:01 +0000] [1240] [INFO] [worker] Booting worker with pid: 1240
                [2026-12-07 15:20:01 +0000] [1241] [INFO] [worker] Booting worker with pid: 1241
                [2026-12-07 15:20:01 +0000] [1240] [DEBUG] [worker] Worker boot (pid: 1240): handshake 8 ms, settings 31 ms
                [2026-12-07 15:20:01 +0000] [1234] [INFO] [master] Worker (pid:1241) booted in 312 ms
                [2026-12-07 15:20:02 +0000] [1234] [INFO] [master] Worker (pid:1240) booted in 1045 ms
                """;

        assertThat(StartTime.bootMillis(log)).containsExactly(312L, 1045L);
    }

    @Test
    void aLogWithoutBootLinesHasNone() {
        assertThat(StartTime.bootMillis("Undertow started on 127.0.0.1:8080\n")).isEmpty();
        assertThat(StartTime.bootMillis("Worker (pid:12) booted in  ms\n")).isEmpty();
    }
}
