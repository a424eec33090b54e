package io.loomicorn.proxy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of IP addresses and networks, as {@code forwarded_allow_ips} and
 * {@code proxy_allow_ips} write them: {@code 127.0.0.1}, {@code ::1},
 * {@code 10.0.0.0/8}, {@code fd00::/8}, or {@code *} for every address. A Unix-socket peer
 * always matches: only local processes that may open the socket file can be one, as in
 * gunicorn.
 *
 * <p>Entries are strict, as gunicorn's (Python's {@code ip_network}): a network with bits
 * set after its prefix ({@code 10.0.0.1/8}) is refused, since it usually hides a typo. An
 * IPv4-mapped IPv6 peer ({@code ::ffff:10.0.0.1}) matches the IPv4 entries.
 */
public final class AddressMatcher {

    /** What {@link #parse} accepts, phrased as the end of an error message. */
    public static final String ALLOWED = "expected IP addresses or CIDR networks separated by commas"
            + " (127.0.0.1, ::1, 10.0.0.0/8, fd00::/8), or *";

    private static final AddressMatcher NOTHING = new AddressMatcher(false, new byte[0][], new int[0]);

    private final boolean any;
    private final byte[][] networks;
    private final int[] prefixes;

    private AddressMatcher(boolean any, byte[][] networks, int[] prefixes) {
        this.any = any;
        this.networks = networks;
        this.prefixes = prefixes;
    }

    /** Returns a matcher that matches only Unix-socket peers. */
    public static AddressMatcher none() {
        return NOTHING;
    }

    /**
     * Reads a list of entries; each may itself hold several, separated by commas, and
     * surrounding spaces are ignored.
     *
     * @param entries addresses, networks or {@code *}
     * @return the matcher
     * @throws IllegalArgumentException naming the first bad entry and why it is bad
     */
    public static AddressMatcher parse(List<String> entries) {
        boolean any = false;
        List<byte[]> networks = new ArrayList<>();
        List<Integer> prefixes = new ArrayList<>();
        for (String list : entries) {
            for (String raw : list.split(",", -1)) {
                String entry = raw.strip();
                if (entry.isEmpty()) {
                    if (list.isBlank() && entries.size() == 1) {
                        continue; // "" is the empty list
                    }
                    throw new IllegalArgumentException("an empty entry in '" + list + "'");
                }
                if (entry.equals("*")) {
                    any = true;
                    continue;
                }
                int slash = entry.indexOf('/');
                String address = slash < 0 ? entry : entry.substring(0, slash);
                InetAddress parsed = IpLiterals.parse(address);
                if (parsed == null) {
                    throw new IllegalArgumentException("'" + entry + "' is not an IP address or network");
                }
                byte[] bytes = address.indexOf(':') >= 0 && parsed instanceof Inet4Address
                        ? mapped(parsed.getAddress()) : parsed.getAddress();
                int bits = bytes.length * 8;
                int prefix = bits;
                if (slash >= 0) {
                    prefix = prefixLength(entry.substring(slash + 1), bits);
                    if (prefix < 0) {
                        throw new IllegalArgumentException("'" + entry + "' has no valid prefix length (0 to "
                                + bits + ")");
                    }
                    if (!hostBitsClear(bytes, prefix)) {
                        throw new IllegalArgumentException("'" + entry + "' has bits set after its /" + prefix
                                + " prefix");
                    }
                }
                if (bytes.length == 16 && isMapped(bytes) && prefix >= 96) {
                    // ::ffff:10.0.0.0/104 is the IPv4 network 10.0.0.0/8, which is how peers arrive.
                    bytes = java.util.Arrays.copyOfRange(bytes, 12, 16);
                    prefix -= 96;
                }
                networks.add(bytes);
                prefixes.add(prefix);
            }
        }
        return new AddressMatcher(any, networks.toArray(byte[][]::new),
                prefixes.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Tells whether the list is {@code *}. */
    public boolean matchesAll() {
        return any;
    }

    /**
     * Tells whether a connection's peer is in the list: a Unix-socket peer always is; an IP
     * peer when its address is; anything else (an unresolved name) never.
     *
     * @param peer the socket's peer
     * @return whether it matches
     */
    public boolean matches(SocketAddress peer) {
        if (peer instanceof UnixDomainSocketAddress) {
            return true;
        }
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null && matches(inet.getAddress());
    }

    /**
     * Tells whether an IP address is in the list.
     *
     * @param address the address
     * @return whether it matches
     */
    public boolean matches(InetAddress address) {
        if (any) {
            return true;
        }
        if (networks.length == 0) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 16 && isMapped(bytes)) {
            bytes = java.util.Arrays.copyOfRange(bytes, 12, 16);
        }
        for (int i = 0; i < networks.length; i++) {
            if (networks[i].length == bytes.length && inNetwork(bytes, networks[i], prefixes[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean inNetwork(byte[] address, byte[] network, int prefix) {
        int full = prefix >>> 3;
        for (int k = 0; k < full; k++) {
            if (address[k] != network[k]) {
                return false;
            }
        }
        int rest = prefix & 7;
        if (rest == 0) {
            return true;
        }
        int mask = 0xff << (8 - rest) & 0xff;
        return (address[full] & mask) == (network[full] & mask);
    }

    private static boolean hostBitsClear(byte[] network, int prefix) {
        for (int bit = prefix; bit < network.length * 8; bit++) {
            if ((network[bit >>> 3] & (0x80 >>> (bit & 7))) != 0) {
                return false;
            }
        }
        return true;
    }

    private static int prefixLength(String text, int max) {
        if (text.isEmpty() || text.length() > 3 || (text.length() > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }

    private static boolean isMapped(byte[] a) {
        for (int k = 0; k < 10; k++) {
            if (a[k] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static byte[] mapped(byte[] ipv4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, out, 12, 4);
        return out;
    }

    /** Returns the entries, for debugging. */
    @Override
    public String toString() {
        List<String> out = new ArrayList<>();
        if (any) {
            out.add("*");
        }
        for (int i = 0; i < networks.length; i++) {
            try {
                out.add(InetAddress.getByAddress(networks[i]).getHostAddress() + "/" + prefixes[i]);
            } catch (java.net.UnknownHostException e) {
                out.add("?");
            }
        }
        return String.join(",", out);
    }
}
