package io.loomicorn.e2e;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hosts of a fleet test, each a Linux network namespace joined to this one by a veth pair:
 * host {@code i} has {@code 10.A.B.(4i+2)/30}, and this side of its pair {@code 10.A.B.(4i+1)},
 * in a {@code 10.A.B.0/24} that no route or address of the machine touches. Names carry a
 * random tag so that parallel runs do not collide; {@link #close()} deletes what was
 * created, also after a failure. Needs root and {@code ip} (iproute2); skipped otherwise.
 */
final class FleetNetwork implements AutoCloseable {

    /** One host: its namespace, its address, and the address its balancer connects from. */
    record Host(int index, String namespace, String address, String peer) {
        /** The command prefix that runs a program inside the host's namespace. */
        List<String> exec() {
            return List.of("ip", "netns", "exec", namespace);
        }
    }

    private final String tag;
    private final String subnet;
    private final List<Host> hosts = new ArrayList<>();

    private FleetNetwork(String tag, String subnet) {
        this.tag = tag;
        this.subnet = subnet;
    }

    /** Creates {@code n} hosts (at most 60). */
    static FleetNetwork create(int n) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "network namespaces need root (the fleet test runs as root in CI)");
        Ops.Run probe = Ops.run(List.of("ip", "-4", "route", "show", "table", "all"), null);
        Assumptions.assumeTrue(probe.code() == 0, "needs ip (Debian: apt-get install -y iproute2)");
        Ops.Run addresses = Ops.run(List.of("ip", "-4", "addr"), null);
        String subnet = null;
        for (int attempt = 0; attempt < 20 && subnet == null; attempt++) {
            int a = ThreadLocalRandom.current().nextInt(100, 250);
            String prefix = "10." + a + "."; // no route or address under 10.a.0.0/16, nor 10.0.0.0/8
            if (!probe.out().contains(prefix) && !addresses.out().contains(prefix)
                    && !probe.out().contains("10.0.0.0/8")) {
                subnet = prefix + ThreadLocalRandom.current().nextInt(1, 255) + ".";
            }
        }
        assertThat(subnet).as("a free 10.x.y.0/24 for the fleet").isNotNull();
        String tag = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36, 36 * 36 * 36 * 36), 36);
        FleetNetwork net = new FleetNetwork(tag, subnet);
        try {
            for (int i = 0; i < n; i++) {
                net.add(i);
            }
        } catch (Exception | AssertionError e) {
            net.close();
            throw e;
        }
        return net;
    }

    private void add(int i) throws Exception {
        String ns = "loomicorn-fleet-" + tag + "-" + i;
        String outside = "lf" + tag + "h" + i; // interface names: at most 15 characters
        String inside = "lf" + tag + "n" + i;
        String peer = subnet + (4 * i + 1);
        String address = subnet + (4 * i + 2);
        ip("netns", "add", ns);
        hosts.add(new Host(i, ns, address, peer));
        ip("link", "add", outside, "type", "veth", "peer", "name", inside);
        ip("link", "set", inside, "netns", ns);
        ip("addr", "add", peer + "/30", "dev", outside);
        ip("link", "set", outside, "up");
        ip("-n", ns, "addr", "add", address + "/30", "dev", inside);
        ip("-n", ns, "link", "set", inside, "up");
        ip("-n", ns, "link", "set", "lo", "up");
    }

    private static void ip(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Ops.Run r = Ops.run(cmd, null);
        assertThat(r.code()).as("%s: %s%s", String.join(" ", cmd), r.out(), r.err()).isZero();
    }

    List<Host> hosts() {
        return hosts;
    }

    /** The /24 that holds every host and peer address, for {@code proxy_allow_ips}. */
    String network() {
        return subnet + "0/24";
    }

    /** Deletes the namespaces; the veth pairs go with them. */
    @Override
    public void close() {
        for (Host h : hosts) {
            try {
                Ops.Run r = Ops.run(List.of("ip", "netns", "delete", h.namespace()), null);
                if (r.code() != 0) {
                    System.out.println("FleetNetwork: could not delete " + h.namespace() + ": " + r.err());
                }
            } catch (IOException | InterruptedException e) {
                System.out.println("FleetNetwork: could not delete " + h.namespace() + ": " + e);
            }
        }
    }
}
