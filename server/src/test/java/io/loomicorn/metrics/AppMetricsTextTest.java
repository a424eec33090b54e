package io.loomicorn.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AppMetricsTextTest {

    private static final String COUNTER = """
            # HELP app_hits_total Hits
            # TYPE app_hits_total counter
            app_hits_total{route="/a"} 3.0
            app_hits_total{route="/b \\"q\\""} 1.0 1700000000000
            """;

    private static final String HISTOGRAM = """
            # HELP app_seconds Latency
            # TYPE app_seconds histogram
            app_seconds_bucket{le="0.1"} 1
            app_seconds_bucket{le="+Inf"} 2
            app_seconds_count 2
            app_seconds_sum 0.3
            """;

    private String merge(String... textsBySlot) throws AppMetricsText.Invalid {
        AppMetricsText merged = new AppMetricsText();
        for (int slot = 0; slot < textsBySlot.length; slot++) {
            merged.add(textsBySlot[slot], slot);
        }
        StringBuilder out = new StringBuilder();
        merged.writeTo(out);
        return out.toString();
    }

    @Test
    void eachSampleGetsItsWorkersSlotAndEachFamilyIsWrittenOnceWithTheSamplesOfEveryWorkerTogether() throws Exception {
        assertThat(merge(COUNTER + HISTOGRAM, COUNTER)).isEqualTo("""
                # HELP app_hits_total Hits
                # TYPE app_hits_total counter
                app_hits_total{worker="0",route="/a"} 3.0
                app_hits_total{worker="0",route="/b \\"q\\""} 1.0 1700000000000
                app_hits_total{worker="1",route="/a"} 3.0
                app_hits_total{worker="1",route="/b \\"q\\""} 1.0 1700000000000
                # HELP app_seconds Latency
                # TYPE app_seconds histogram
                app_seconds_bucket{worker="0",le="0.1"} 1
                app_seconds_bucket{worker="0",le="+Inf"} 2
                app_seconds_count{worker="0"} 2
                app_seconds_sum{worker="0"} 0.3
                """);
    }

    @Test
    void samplesWithoutATypeAndCommentsAreKeptAsUntypedAndDropped() throws Exception {
        assertThat(merge("# just a comment\nplain 1\nplain{a=\"x\",} NaN\n# EOF\n")).isEqualTo("""
                # TYPE plain untyped
                plain{worker="0"} 1
                plain{worker="0",a="x"} NaN
                """);
    }

    @Test
    void refusesTextThatIsNotThePrometheusFormat() {
        for (String bad : new String[] {
                "<html>oops</html>\n",
                "app_x{a=\"unterminated} 1\n",
                "app_x{a=b} 1\n",
                "app_x 1.0d\n",
                "app_x 1 2 3\n",
                "app-x 1\n",
                "# TYPE app_x weird\napp_x 1\n",
                "app_x 1\napp_y 2\napp_x 3\n",
                "# TYPE app_x counter\napp_x 1\n# TYPE app_x counter\n",
                "app_x{a=\"1\",a=\"2\"} 1\n",
                "# HELP app_x bad \\q escape\napp_x 1\n"}) {
            assertThatThrownBy(() -> merge(bad)).as(bad).isInstanceOf(AppMetricsText.Invalid.class);
        }
    }

    @Test
    void refusesLoomicornsNamesAndTheWorkerLabel() {
        assertThatThrownBy(() -> merge("loomicorn_requests_total 1\n"))
                .isInstanceOf(AppMetricsText.Invalid.class).hasMessageContaining("loomicorn_");
        assertThatThrownBy(() -> merge("app_x{worker=\"7\"} 1\n"))
                .isInstanceOf(AppMetricsText.Invalid.class).hasMessageContaining("worker");
    }

    @Test
    void aWorkerWhoseTypeDisagreesWithAnEarlierWorkersIsRefusedWholeAndTheOthersStay() throws Exception {
        AppMetricsText merged = new AppMetricsText();
        merged.add(COUNTER, 0);
        assertThatThrownBy(() -> merged.add("app_other 1\n# TYPE app_hits_total gauge\napp_hits_total 2\n", 1))
                .isInstanceOf(AppMetricsText.Invalid.class);
        StringBuilder out = new StringBuilder();
        merged.writeTo(out);
        assertThat(out.toString()).isEqualTo(merge(COUNTER)).doesNotContain("app_other");
    }
}
