package io.loomicorn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginTest {

    @Test
    void describesEachKind() {
        assertThat(Origin.DEFAULT.describe()).isEqualTo("default");
        assertThat(Origin.environment("PORT").describe()).isEqualTo("environment variable PORT");
        assertThat(Origin.configFile("/srv/loomicorn.conf").describe()).isEqualTo("config file /srv/loomicorn.conf");
        assertThat(Origin.configFile(null).describe()).isEqualTo("config file");
        assertThat(Origin.LOOMICORN_CMD_ARGS.describe()).isEqualTo("LOOMICORN_CMD_ARGS");
        assertThat(Origin.COMMAND_LINE.describe()).isEqualTo("command line");
        assertThat(Origin.OVERRIDE.describe()).isEqualTo("set in code");
    }

    @Test
    void encodesAndParsesBack() {
        for (Origin origin : List.of(Origin.DEFAULT, Origin.environment("WEB_CONCURRENCY"),
                Origin.configFile("/a dir/x.conf"), Origin.configFile(null), Origin.LOOMICORN_CMD_ARGS,
                Origin.COMMAND_LINE, Origin.OVERRIDE)) {
            assertThat(Origin.parse(origin.encode())).isEqualTo(origin);
        }
        assertThat(Origin.parse("nonsense")).isNull();
        assertThat(Origin.parse("COMMAND_LINE extra")).isNull();
    }

    @Test
    void checksDetails() {
        assertThatThrownBy(() -> new Origin(Origin.Kind.ENVIRONMENT, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Origin(Origin.Kind.DEFAULT, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
