package io.loomicorn.config;

import static io.loomicorn.config.Loading.config;
import static io.loomicorn.config.Loading.failure;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy settings from every source: flags, the optional value of --proxy-protocol, the file, the environment. */
class ProxySettingsLoadingTest {

    @TempDir
    Path dir;

    @Test
    void theProxyProtocolFlagAloneMeansAutoAndLeavesTheAppAlone() {
        Config bare = config(dir, "--proxy-protocol", "com.acme.Main:app");
        assertThat(bare.get(Settings.PROXY_PROTOCOL)).isEqualTo("auto");
        assertThat(bare.get(Settings.WSGI_APP)).contains("com.acme.Main:app");
        Config last = config(dir, "com.acme.Main:app", "--proxy-protocol");
        assertThat(last.get(Settings.PROXY_PROTOCOL)).isEqualTo("auto");
        Config beforeFlag = config(dir, "--proxy-protocol", "--workers", "3", "com.acme.Main:app");
        assertThat(beforeFlag.get(Settings.PROXY_PROTOCOL)).isEqualTo("auto");
        assertThat(beforeFlag.get(Settings.WORKERS)).isEqualTo(3);
        assertThat(config(dir, "--proxy-protocol", "v1", "com.acme.Main:app").get(Settings.PROXY_PROTOCOL)).isEqualTo("v1");
        assertThat(config(dir, "--proxy-protocol=V2", "com.acme.Main:app").get(Settings.PROXY_PROTOCOL)).isEqualTo("v2");
        assertThat(config(dir, "--proxy-protocol", "true").get(Settings.PROXY_PROTOCOL)).isEqualTo("auto");
        assertThat(config(dir, "--proxy-protocol=false").get(Settings.PROXY_PROTOCOL)).isEqualTo("off");
        assertThat(config(dir, Map.of("LOOMICORN_CMD_ARGS", "--proxy-protocol")).get(Settings.PROXY_PROTOCOL))
                .isEqualTo("auto");
        assertThat(config(dir).get(Settings.PROXY_PROTOCOL)).isEqualTo("off");
    }

    @Test
    void theConfigFileTakesTheMapAndTheLists() throws IOException {
        Files.writeString(dir.resolve("loomicorn.conf"), """
                secure_scheme_headers { "X-Forwarded-Proto" = https, X-Forwarded-Ssl = on }
                forwarded_allow_ips = ["10.0.0.0/8", "::1"]
                proxy_allow_ips = "10.1.2.3, 10.1.2.4"
                proxy_protocol = true
                forwarder_headers = []
                root_path = /shop
                """);
        Config c = config(dir);
        assertThat(c.get(Settings.SECURE_SCHEME_HEADERS)).isEqualTo(Map.of("X-Forwarded-Proto", "https",
                "X-Forwarded-Ssl", "on"));
        assertThat(c.get(Settings.FORWARDED_ALLOW_IPS)).containsExactly("10.0.0.0/8", "::1");
        assertThat(c.get(Settings.PROXY_ALLOW_IPS)).containsExactly("10.1.2.3", "10.1.2.4");
        assertThat(c.get(Settings.PROXY_PROTOCOL)).isEqualTo("auto");
        assertThat(c.get(Settings.FORWARDER_HEADERS)).isEmpty();
        assertThat(c.get(Settings.ROOT_PATH)).isEqualTo("/shop");
        Config back = Config.fromHocon(c.toHocon());
        assertThat(back.get(Settings.SECURE_SCHEME_HEADERS)).isEqualTo(c.get(Settings.SECURE_SCHEME_HEADERS));
        Files.writeString(dir.resolve("loomicorn.conf"), "secure_scheme_headers {}\n");
        assertThat(config(dir).get(Settings.SECURE_SCHEME_HEADERS)).isEmpty();
    }

    @Test
    void badMapsAreOneLineNamingTheSettingAndTheFileLine() throws IOException {
        Map<String, String> cases = Map.of(
                "secure_scheme_headers = [\"X-Forwarded-Proto\"]", "expected an object of header names to values",
                "secure_scheme_headers { \"X Proto\" = https }", "'X Proto' is not a header name",
                "secure_scheme_headers { X-Forwarded-Proto { a = b } }", "the value of X-Forwarded-Proto is not text",
                "secure_scheme_headers { \"x-forwarded-proto\" = https, \"X-FORWARDED-PROTO\" = on }",
                "is given twice");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Files.writeString(dir.resolve("loomicorn.conf"), "\n" + c.getKey() + "\n");
            assertThat(failure(dir)).as(c.getKey())
                    .startsWith("Error: invalid value for secure_scheme_headers: '")
                    .contains(c.getValue())
                    .endsWith("(from loomicorn.conf:2)");
        }
        assertThat(failure(dir, "--secure-scheme-headers", "{}")).startsWith("Error: unknown option '--secure-scheme-headers'");
    }

    @Test
    void environmentDefaultsAsGunicornReadsThem() {
        Config env = config(dir, Map.of("FORWARDED_ALLOW_IPS", "10.0.0.0/8,192.168.0.1", "SCRIPT_NAME", "/app"));
        assertThat(env.get(Settings.FORWARDED_ALLOW_IPS)).containsExactly("10.0.0.0/8", "192.168.0.1");
        assertThat(env.get(Settings.ROOT_PATH)).isEqualTo("/app");
        assertThat(config(dir, Map.of("FORWARDED_ALLOW_IPS", "*")).get(Settings.FORWARDED_ALLOW_IPS)).containsExactly("*");
        assertThat(config(dir, Map.of("FORWARDED_ALLOW_IPS", "10.0.0.0/8"), "--forwarded-allow-ips", "::1")
                .get(Settings.FORWARDED_ALLOW_IPS)).containsExactly("::1");
        assertThat(failure(dir, Map.of("FORWARDED_ALLOW_IPS", "10.0.0.1/8")))
                .startsWith("Error: invalid value for forwarded_allow_ips (--forwarded-allow-ips): '10.0.0.1/8': ")
                .contains("FORWARDED_ALLOW_IPS");
        assertThat(failure(dir, Map.of("SCRIPT_NAME", "app")))
                .startsWith("Error: invalid value for root_path (--root-path): 'app': ");
        assertThat(Optional.of(config(dir, "--forwarded-allow-ips=").get(Settings.FORWARDED_ALLOW_IPS)))
                .hasValue(List.of());
    }
}
