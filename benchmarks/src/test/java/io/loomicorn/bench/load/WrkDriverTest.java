package io.loomicorn.bench.load;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WrkDriverTest {

    @Test
    void parsesTheLinesOfTheLuaScript() throws IOException {
        String out = """
                Running 10s test @ http://127.0.0.1:33103/
                  1 threads and 50 connections
                  129484 requests in 5.02s, 16.55MB read
                Requests/sec:  25773.27
                LOOMICORN-WRK requests=129484 duration_us=5020000 bytes=17350000 connect=0 read=2 write=0 status=3 timeout=4
                LOOMICORN-WRK p50_us=980 p99_us=19050 p999_us=40010 max_us=49380
                """;
        LoadResult r = WrkDriver.parse(out);
        assertThat(r.requests()).isEqualTo(129_484);
        assertThat(r.seconds()).isEqualTo(5.02, within(1e-9));
        assertThat(r.requestsPerSecond()).isEqualTo(129_484 / 5.02, within(1e-6));
        assertThat(r.errors()).isEqualTo(new LoadResult.Errors(0, 2, 0, 3, 4));
        assertThat(r.errors().total()).isEqualTo(9);
        assertThat(r.p50Micros()).isEqualTo(980);
        assertThat(r.p99Micros()).isEqualTo(19_050);
        assertThat(r.p999Micros()).isEqualTo(40_010);
        assertThat(r.generator()).isEqualTo("wrk");
    }

    @Test
    void saysWhatWrkPrintedWhenTheLinesAreMissing() {
        assertThatThrownBy(() -> WrkDriver.parse("unable to connect to 127.0.0.1:1 Connection refused\n"))
                .hasMessageContaining("Connection refused");
    }
}
