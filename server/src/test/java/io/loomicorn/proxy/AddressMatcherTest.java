package io.loomicorn.proxy;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressMatcherTest {

    private static InetAddress ip(String literal) {
        InetAddress a = IpLiterals.parse(literal);
        assertThat(a).as(literal).isNotNull();
        return a;
    }

    @Test
    void addressesAndNetworksOfBothFamilies() {
        AddressMatcher m = AddressMatcher.parse(List.of("127.0.0.1, ::1", "10.0.0.0/8", "192.168.4.0/22", "fd00::/8"));
        assertThat(m.matches(ip("127.0.0.1"))).isTrue();
        assertThat(m.matches(ip("127.0.0.2"))).isFalse();
        assertThat(m.matches(ip("::1"))).isTrue();
        assertThat(m.matches(ip("10.255.0.3"))).isTrue();
        assertThat(m.matches(ip("11.0.0.1"))).isFalse();
        assertThat(m.matches(ip("192.168.7.255"))).isTrue();
        assertThat(m.matches(ip("192.168.8.0"))).isFalse();
        assertThat(m.matches(ip("fd12:3456::1"))).isTrue();
        assertThat(m.matches(ip("fe80::1"))).isFalse();
        assertThat(m.matchesAll()).isFalse();
    }

    @Test
    void ipv4MappedPeersMatchIpv4Entries() {
        AddressMatcher v4 = AddressMatcher.parse(List.of("10.0.0.0/8"));
        assertThat(v4.matches(ip("::ffff:10.1.2.3"))).isTrue();
        AddressMatcher mapped = AddressMatcher.parse(List.of("::ffff:10.0.0.0/104"));
        assertThat(mapped.matches(ip("10.1.2.3"))).isTrue();
        assertThat(mapped.matches(ip("11.1.2.3"))).isFalse();
    }

    @Test
    void starMatchesEveryAddressAndUnixPeersAlwaysMatch() {
        AddressMatcher all = AddressMatcher.parse(List.of("*"));
        assertThat(all.matchesAll()).isTrue();
        assertThat(all.matches(ip("203.0.113.9"))).isTrue();
        AddressMatcher nothing = AddressMatcher.parse(List.of(""));
        assertThat(nothing.matches(ip("127.0.0.1"))).isFalse();
        assertThat(nothing.matches(UnixDomainSocketAddress.of("/run/app.sock"))).isTrue();
        assertThat(AddressMatcher.none().matches(new InetSocketAddress(ip("127.0.0.1"), 80))).isFalse();
        assertThat(nothing.matches(InetSocketAddress.createUnresolved("localhost", 80))).isFalse();
        assertThat(AddressMatcher.parse(List.of()).matches(new InetSocketAddress(ip("::1"), 1))).isFalse();
    }

    @Test
    void badEntriesAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> AddressMatcher.parse(List.of("10.0.0.1/8")))
                .hasMessage("'10.0.0.1/8' has bits set after its /8 prefix");
        assertThatThrownBy(() -> AddressMatcher.parse(List.of("10.0.0.0/33")))
                .hasMessage("'10.0.0.0/33' has no valid prefix length (0 to 32)");
        assertThatThrownBy(() -> AddressMatcher.parse(List.of("::/129")))
                .hasMessage("'::/129' has no valid prefix length (0 to 128)");
        assertThatThrownBy(() -> AddressMatcher.parse(List.of("localhost")))
                .hasMessage("'localhost' is not an IP address or network");
        assertThatThrownBy(() -> AddressMatcher.parse(List.of("127.1")))
                .hasMessage("'127.1' is not an IP address or network");
        assertThatThrownBy(() -> AddressMatcher.parse(List.of("10.0.0.0/08")))
                .hasMessageContaining("no valid prefix length");
        assertThatThrownBy(() -> AddressMatcher.parse(List.of("1.2.3.4,,5.6.7.8")))
                .hasMessage("an empty entry in '1.2.3.4,,5.6.7.8'");
    }

    @Test
    void literalsAreStrictAndNeverLookedUp() {
        assertThat(IpLiterals.parse("1.2.3.4")).isEqualTo(ip("1.2.3.4"));
        for (String bad : new String[] {"", "1.2.3", "1.2.3.4.5", "01.2.3.4", "256.1.1.1", "1..2.3", "1.2.3.4 ",
                "example.com", "[::1]", "fe80::1%1", ":::", "1.2.3.-4", "0x1.2.3.4"}) {
            assertThat(IpLiterals.parse(bad)).as(bad).isNull();
        }
        assertThat(IpLiterals.parse("0.0.0.0")).isNotNull();
        assertThat(IpLiterals.parse("2001:db8::1.2.3.4")).isNotNull();
    }
}
