package io.loomicorn.systemd;

import io.loomicorn.logging.ServerLog;
import io.loomicorn.logging.UnixDatagram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code sd_notify}: datagrams to the socket systemd names in {@code NOTIFY_SOCKET} (a path,
 * or {@code @NAME} in the abstract namespace). Without {@code NOTIFY_SOCKET} it does
 * nothing. Sending never blocks; a failure is logged at debug level, as gunicorn's.
 */
public final class SdNotify implements AutoCloseable {

    private final UnixDatagram socket;

    private SdNotify(UnixDatagram socket) {
        this.socket = socket;
    }

    /**
     * Opens the notify socket named in the environment.
     *
     * @param env the environment
     * @return the notifier; one that sends nothing when {@code NOTIFY_SOCKET} is unset
     */
    public static SdNotify fromEnvironment(Map<String, String> env) {
        String address = env.get("NOTIFY_SOCKET");
        if (address == null || address.isEmpty()) {
            return new SdNotify(null);
        }
        try {
            return new SdNotify(UnixDatagram.to(address));
        } catch (IOException | RuntimeException e) {
            ServerLog.ERROR.warn("Cannot notify systemd at NOTIFY_SOCKET={}: {}", address, e.getMessage());
            return new SdNotify(null);
        }
    }

    /** Tells whether systemd listens. */
    public boolean enabled() {
        return socket != null;
    }

    /**
     * Sends one notification, e.g. {@code READY=1\nSTATUS=Serving}.
     *
     * @param state newline-separated assignments
     */
    public void send(String state) {
        if (socket == null) {
            return;
        }
        try {
            socket.send(state.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            ServerLog.ERROR.debug("sd_notify failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
    }
}
