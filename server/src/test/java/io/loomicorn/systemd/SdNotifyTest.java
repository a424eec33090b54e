package io.loomicorn.systemd;

import io.loomicorn.testing.UnixDatagramReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** sd_notify over a real Unix datagram socket, as systemd binds it. */
class SdNotifyTest {

    @TempDir
    Path dir;

    @Test
    void sendsEachNotificationAsOneDatagram() throws Exception {
        try (UnixDatagramReceiver systemd = UnixDatagramReceiver.bind(dir.resolve("notify"));
             SdNotify notify = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.path().toString()))) {
            assertThat(notify.enabled()).isTrue();
            notify.send("READY=1\nSTATUS=Serving");
            notify.send("WATCHDOG=1");
            assertThat(systemd.receive(Duration.ofSeconds(5))).isEqualTo("READY=1\nSTATUS=Serving");
            assertThat(systemd.receive(Duration.ofSeconds(5))).isEqualTo("WATCHDOG=1");
        }
    }

    @Test
    void withoutNotifySocketNothingIsSentAndAGoneReceiverCostsNothing() throws Exception {
        SdNotify none = SdNotify.fromEnvironment(Map.of());
        assertThat(none.enabled()).isFalse();
        none.send("READY=1");
        SdNotify gone = SdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", dir.resolve("nobody").toString()));
        gone.send("READY=1"); // ENOENT, logged at debug
        gone.close();
    }
}
