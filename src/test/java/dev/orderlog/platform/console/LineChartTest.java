package dev.orderlog.platform.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The console's SVG charts: a line per series, broken where a value was unknown, names escaped, a nice top. */
class LineChartTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void eachSeriesIsALineBrokenWhereItsValueWasUnknown() {
        Samples samples = new Samples(Duration.ofMinutes(10));
        samples.add("order-read-model", NOW.minusSeconds(120), 0);
        samples.add("order-read-model", NOW.minusSeconds(90), 7);
        samples.add("order-read-model", NOW.minusSeconds(60), Double.NaN);
        samples.add("order-read-model", NOW.minusSeconds(30), 3);
        samples.add("<script>", NOW.minusSeconds(30), 1);

        String svg = LineChart.of("lag", "Lag", "seconds", samples, NOW).toString();

        assertThat(svg).startsWith("<svg").endsWith("</svg>");
        assertThat(svg.split("data-series=\"order-read-model\"", -1))
                .as("two runs, one line each")
                .hasSize(3);
        assertThat(svg).contains("&lt;script&gt;").doesNotContain("<script>");
        assertThat(svg).as("the top tick rounds 7 up").contains(">10</text>");
        assertThat(svg).contains("over the last 2 minutes");
    }

    @Test
    void samplesOlderThanTheWindowAreDropped() {
        Samples samples = new Samples(Duration.ofMinutes(10));
        samples.add("lag", NOW.minus(Duration.ofMinutes(11)), 1);
        samples.add("lag", NOW, 2);
        assertThat(samples.all().get("lag")).extracting(Samples.Point::value).containsExactly(2.0);
    }

    @Test
    void theTopIsOneTwoOrFiveTimesAPowerOfTen() {
        assertThat(LineChart.niceCeiling(0)).isEqualTo(1);
        assertThat(LineChart.niceCeiling(0.3)).isEqualTo(0.5);
        assertThat(LineChart.niceCeiling(1.2)).isEqualTo(2);
        assertThat(LineChart.niceCeiling(42)).isEqualTo(50);
        assertThat(LineChart.niceCeiling(500)).isEqualTo(500);
    }
}
