package io.loomicorn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> NAMES = Settings.all().stream().map(Setting::name).toList();

    @Test
    void levenshteinDistance() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }

    @Test
    void suggestsTheNearestName() {
        assertThat(Suggestions.nearest("worker", NAMES)).contains("workers");
        assertThat(Suggestions.nearest("wrokers", NAMES)).contains("workers");
        assertThat(Suggestions.nearest("keep_alive", NAMES)).contains("keepalive");
        assertThat(Suggestions.nearest("max-requests", NAMES)).contains("max_requests");
        assertThat(Suggestions.nearest("LOGLEVEL", NAMES)).contains("loglevel");
        assertThat(Suggestions.nearest("access_log", NAMES)).contains("accesslog");
    }

    @Test
    void fallsBackToAPrefix() {
        assertThat(Suggestions.nearest("limit_request", NAMES)).contains("limit_request_line");
    }

    @Test
    void pointsGunicornsRenamedSettingsAtTheirNewName() {
        assertThat(Suggestions.nearest("pythonpath", NAMES)).contains("classpath");
    }

    @Test
    void staysQuietWhenNothingIsClose() {
        assertThat(Suggestions.nearest("zzzzzzzzzz", NAMES)).isEmpty();
        assertThat(Suggestions.nearest("", NAMES)).isEmpty();
        assertThat(Suggestions.didYouMean("qqq", NAMES)).isEmpty();
    }

    @Test
    void didYouMeanPhrase() {
        assertThat(Suggestions.didYouMean("worker", NAMES)).isEqualTo("; did you mean 'workers'?");
    }

    @Test
    void abbreviateKeepsValuesOnOneLineAndShort() {
        assertThat(Suggestions.abbreviate("a\nb\tc\u0001")).isEqualTo("a\\nb\\tc\\u0001");
        assertThat(Suggestions.abbreviate("x".repeat(80))).isEqualTo("x".repeat(80));
        assertThat(Suggestions.abbreviate("x".repeat(200))).isEqualTo("x".repeat(80) + "...");
    }
}
