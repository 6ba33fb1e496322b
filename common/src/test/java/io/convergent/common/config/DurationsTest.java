package io.convergent.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void flinksFormAndIsoMeanTheSame() {
        assertThat(Durations.parse("k", "30 s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("k", "30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("k", "PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("k", " pt30s ")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("k", "500 ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("k", "500")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("k", "5 min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("k", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("k", "2 hours")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("k", "1 d")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("k", "P1D")).isEqualTo(Duration.ofDays(1));
        assertThat(Durations.parse("k", "-PT1H")).isEqualTo(Duration.ofHours(-1));
        // What Flink's formatter writes below a millisecond reads back.
        assertThat(Durations.parse("k", "500 µs")).isEqualTo(Duration.ofNanos(500_000));
        assertThat(Durations.parse("k", "500us")).isEqualTo(Duration.ofNanos(500_000));
        assertThat(Durations.parse("k", "7 ns")).isEqualTo(Duration.ofNanos(7));
    }

    @Test
    void anythingElseIsRefusedNamingTheOption() {
        for (String bad : new String[] {"", "soon", "5 fortnights", "-5 s", "PT", "1.5 s", "s"}) {
            assertThatThrownBy(() -> Durations.parse("convergent.x.interval", bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("convergent.x.interval must be a duration")
                    .hasMessageContaining("got '" + bad + "'");
        }
        assertThatThrownBy(() -> Durations.parse("k", null)).hasMessageContaining("got 'null'");
        assertThatThrownBy(() -> Durations.parse("k", "99999999999999999999 d"))
                .hasMessageContaining("k must be a duration");
    }
}
