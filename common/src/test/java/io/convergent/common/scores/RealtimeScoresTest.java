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
        // The format found is not quoted back: a reason names no value of the record.
        assertThatThrownBy(() -> read("{\"format\":79123456789}"))
                .hasMessage("not realtime scores of format 1");
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
