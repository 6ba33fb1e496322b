package io.convergent.common.scores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealtimeScoresTest {

    @Test
    void aRecordRoundTripsAndABadOneIsRefusedWithTheReason() {
        RealtimeScores scores =
                new RealtimeScores(
                        "k1.AAAAAAAAAAAAAAAAAAAAAA",
                        LocalDate.of(2026, 11, 25),
                        3,
                        1_790_000_000_000L,
                        Map.of("port_out_14d", 0.125, "low_balance_7d", 0.5));
        assertThat(RealtimeScores.fromJson(scores.toJson())).isEqualTo(scores);
        assertThatThrownBy(() -> read("{\"format\":2}")).hasMessageContaining("format 2");
        assertThatThrownBy(() -> read("{\"format\":1,\"asOfDay\":\"2026-11-25\"}"))
                .hasMessageContaining("without a subscriber");
        assertThatThrownBy(
                        () ->
                                read(
                                        "{\"format\":1,\"subscriber\":\"k\",\"asOfDay\":\"2026-11-25\","
                                                + "\"scores\":{\"m\":\"high\"}}"))
                .hasMessageContaining("score of m is not a number");
        assertThatThrownBy(() -> read("{")).hasMessageContaining("not JSON");
    }

    private static RealtimeScores read(String json) {
        return RealtimeScores.fromJson(json.getBytes(StandardCharsets.UTF_8));
    }
}
