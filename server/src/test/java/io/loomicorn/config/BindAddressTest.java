package io.loomicorn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BindAddressTest {

    @Test
    void parsesEveryForm() {
        assertThat(BindAddress.parse("localhost")).isEqualTo(new BindAddress.Tcp("localhost", 8000));
        assertThat(BindAddress.parse("0.0.0.0:80")).isEqualTo(new BindAddress.Tcp("0.0.0.0", 80));
        assertThat(BindAddress.parse("[::1]:9000")).isEqualTo(new BindAddress.Tcp("::1", 9000));
        assertThat(BindAddress.parse("[::]")).isEqualTo(new BindAddress.Tcp("::", 8000));
        assertThat(BindAddress.parse("[fe80::1%eth0]:1")).isEqualTo(new BindAddress.Tcp("fe80::1%eth0", 1));
        assertThat(BindAddress.parse("tcp://example.com:0")).isEqualTo(new BindAddress.Tcp("example.com", 0));
        assertThat(BindAddress.parse("tcp://[2001:db8::2]:65535")).isEqualTo(new BindAddress.Tcp("2001:db8::2", 65535));
        assertThat(BindAddress.parse("unix:/run/app.sock")).isEqualTo(new BindAddress.Unix("/run/app.sock"));
        assertThat(BindAddress.parse("unix://relative.sock")).isEqualTo(new BindAddress.Unix("relative.sock"));
        assertThat(BindAddress.parse("fd://3")).isEqualTo(new BindAddress.Fd(3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":8000", "host:", "host:65536", "host:-1", "host:80x", "::1", "::1:8000",
            "[::1", "[::1]x", "[not-v6]:80", "unix:", "unix://", "fd://", "fd://x", "fd://-1", "tcp://",
            "a b:80", "host:99999999999", "-host"})
    void refusesMalformedAddresses(String text) {
        assertThatThrownBy(() -> BindAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tellsToBracketIpv6() {
        assertThatThrownBy(() -> BindAddress.parse("::1")).hasMessageContaining("brackets");
    }
}
