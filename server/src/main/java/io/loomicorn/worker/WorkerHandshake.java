package io.loomicorn.worker;

import com.typesafe.config.ConfigFactory;
import io.loomicorn.internal.JsonStrings;
import io.loomicorn.internal.Posix;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The first message from the master to a new worker, over descriptor 0: everything the
 * worker needs to start, and the descriptors of its listeners and heartbeat.
 *
 * <p>On the wire: a 4-byte big-endian length, then that many bytes of JSON. The
 * descriptors ride as {@code SCM_RIGHTS} on the first bytes: the heartbeat first, then
 * the listeners in {@code bind} order.
 *
 * @param mode        {@code serve}; {@code check} for {@code --check-config} (load the
 *                    application, report, exit); or {@code train} for the AOT cache
 * @param settings    the resolved settings, as {@code Config.toHocon()}
 * @param listeners   one entry per listener, in descriptor order
 * @param age         the master's spawn counter for this worker
 * @param maxRequests this worker's request budget, jitter included (0 = none)
 * @param uid         the user to switch to, or -1 to stay
 * @param gid         the group to switch to, or -1 to stay
 * @param slot        the worker's slot (a replacement takes over the slot of the worker it
 *                    replaces), or -1 for a JVM that does not serve
 * @param appMetricsSocket where to serve the application's metrics to the master, or empty
 *                    when the master has no admin endpoint
 */
public record WorkerHandshake(String mode, String settings, List<ListenerSpec> listeners, int age,
                              long maxRequests, int uid, int gid, int slot, String appMetricsSocket) {

    /** Serve requests. */
    public static final String SERVE = "serve";
    /** Load the application, report, and exit ({@code --check-config}). */
    public static final String CHECK = "check";
    /** Boot like a worker without serving, then exit: the training run of the AOT cache. */
    public static final String TRAIN = "train";

    private static final int MAX_FDS = 64;

    /**
     * One inherited listener.
     *
     * @param family  {@code INET}, {@code INET6} or {@code UNIX}
     * @param address the bound address as users write it
     * @param tls     whether its connections speak TLS ({@code bind} with {@code certfile})
     */
    public record ListenerSpec(String family, String address, boolean tls) {
    }

    /**
     * Sends this handshake with its descriptors.
     *
     * @param socket      the master's end of the pair
     * @param heartbeatFd the heartbeat memory
     * @param shareFd     the memory where the workers share their counts of open connections
     * @param listenerFds the listeners, in the order of {@link #listeners()}
     * @throws IOException if the worker is gone
     */
    public void send(int socket, int heartbeatFd, int shareFd, int[] listenerFds) throws IOException {
        byte[] json = toJson().getBytes(StandardCharsets.UTF_8);
        byte[] message = ByteBuffer.allocate(4 + json.length).putInt(json.length).put(json).array();
        int[] fds = new int[2 + listenerFds.length];
        fds[0] = heartbeatFd;
        fds[1] = shareFd;
        System.arraycopy(listenerFds, 0, fds, 2, listenerFds.length);
        int sent = Posix.sendFds(socket, message, fds);
        if (sent < message.length) {
            Posix.write(socket, message, sent, message.length - sent);
        }
    }

    /** What a worker received: the handshake and its descriptors. */
    public record Received(WorkerHandshake handshake, int heartbeatFd, int shareFd, int[] listenerFds) {
    }

    /**
     * Receives the handshake on the worker's side.
     *
     * @param socket the worker's end of the pair (descriptor 0)
     * @return the handshake and descriptors
     * @throws IOException if the master is gone or sent something else
     */
    public static Received receive(int socket) throws IOException {
        Posix.Received first = Posix.receiveFds(socket, 64 * 1024, MAX_FDS);
        if (first.data().length < 4 || first.fds().length < 2) {
            throw new IOException("descriptor 0 did not carry a Loomicorn handshake;"
                    + " io.loomicorn.worker.WorkerMain is started by the master, not by hand");
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(first.data());
        int length = ByteBuffer.wrap(first.data(), 0, 4).getInt();
        byte[] chunk = new byte[16 * 1024];
        while (all.size() < 4 + length) {
            int n = Posix.read(socket, chunk, 0, Math.min(chunk.length, 4 + length - all.size()));
            if (n < 0) {
                throw new IOException("the master closed the handshake early");
            }
            all.write(chunk, 0, n);
        }
        String json = new String(all.toByteArray(), 4, length, StandardCharsets.UTF_8);
        int[] fds = first.fds();
        int[] listenerFds = new int[fds.length - 2];
        System.arraycopy(fds, 2, listenerFds, 0, listenerFds.length);
        return new Received(fromJson(json), fds[0], fds[1], listenerFds);
    }

    /** Writes the handshake as JSON by hand: the master need not load typesafe-config to spawn a worker. */
    String toJson() {
        StringBuilder out = new StringBuilder(settings.length() + 512).append("{\"mode\":");
        JsonStrings.append(out, mode).append(",\"settings\":");
        JsonStrings.append(out, settings).append(",\"listeners\":[");
        for (int i = 0; i < listeners.size(); i++) {
            ListenerSpec l = listeners.get(i);
            out.append(i == 0 ? "{\"family\":" : ",{\"family\":");
            JsonStrings.append(out, l.family()).append(",\"address\":");
            JsonStrings.append(out, l.address()).append(",\"tls\":").append(l.tls()).append('}');
        }
        out.append("],\"age\":").append(age)
                .append(",\"maxRequests\":").append(maxRequests)
                .append(",\"uid\":").append(uid)
                .append(",\"gid\":").append(gid)
                .append(",\"slot\":").append(slot)
                .append(",\"appMetricsSocket\":");
        return JsonStrings.append(out, appMetricsSocket).append('}').toString();
    }

    static WorkerHandshake fromJson(String json) {
        com.typesafe.config.Config c = ConfigFactory.parseString(json);
        List<ListenerSpec> ls = new ArrayList<>();
        for (com.typesafe.config.Config l : c.getConfigList("listeners")) {
            ls.add(new ListenerSpec(l.getString("family"), l.getString("address"), l.getBoolean("tls")));
        }
        return new WorkerHandshake(c.getString("mode"), c.getString("settings"), ls, c.getInt("age"),
                c.getLong("maxRequests"), c.getInt("uid"), c.getInt("gid"), c.getInt("slot"),
                c.getString("appMetricsSocket"));
    }
}
