package io.loomicorn.springboot.web;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ListenAddressesTest {

    @Test
    void readsEveryTcpFormOfTheBindSettingAndSkipsTheOthers() {
        ListenAddresses a = ListenAddresses.parse(List.of("127.0.0.1:8001", "tcp://localhost:8002", "[::1]:8003",
                "example.org", ":8005", "unix:/run/app.sock", "unix:///run/b.sock", "fd://3"));
        assertThat(a.tcp()).extracting(ListenAddresses.Address::toString)
                .containsExactly("127.0.0.1:8001", "localhost:8002", "[::1]:8003", "example.org:8000", ":8005");
        assertThat(a.firstPort()).isEqualTo(8001);
        assertThat(a.hasPort(8005)).isTrue();
        assertThat(a.hasPort(8004)).isFalse();
    }

    @Test
    void aPortTheSystemChoseIsUnknownHere() {
        ListenAddresses a = ListenAddresses.parse(List.of("127.0.0.1:0"));
        assertThat(a.firstPort()).isEqualTo(-1);
        assertThat(a.hasPort(0)).isFalse();
        assertThat(ListenAddresses.parse(List.of("unix:/a")).firstPort()).isEqualTo(-1);
    }
}
