package io.convergent.batch.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.features.DailyTile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TileCombinerTest {

    @Test
    void foldsEachSubscribersDayAndEmitsAtTheEndOfInput() throws Exception {
        try (OneInputStreamOperatorTestHarness<DailyTile, DailyTile> harness =
                new OneInputStreamOperatorTestHarness<>(new TileCombiner(100))) {
            harness.open();
            for (int i = 0; i < 30; i++) {
                harness.processElement(calls("k1.a", 10, 1), 0);
                harness.processElement(calls("k1.b", 10, 2), 0);
                harness.processElement(calls("k1.a", 11, 3), 0);
            }
            assertThat(harness.extractOutputValues()).isEmpty();

            harness.endInput();

            assertThat(totals(harness.extractOutputValues()))
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("k1.a@10", 30L, "k1.b@10", 60L, "k1.a@11", 90L));
            assertThat(harness.extractOutputValues()).hasSize(3);
        }
    }

    @Test
    void aFullCombinerSendsWhatItHoldsAndLosesNothing() throws Exception {
        try (OneInputStreamOperatorTestHarness<DailyTile, DailyTile> harness =
                new OneInputStreamOperatorTestHarness<>(new TileCombiner(2))) {
            harness.open();
            for (int i = 0; i < 10; i++) {
                harness.processElement(calls("k1.s" + (i % 5), 10, 1), 0);
            }
            harness.endInput();

            // Partial tiles of one subscriber add up to the whole, as the keyed reduce will.
            assertThat(totals(harness.extractOutputValues()))
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of(
                                    "k1.s0@10",
                                    2L,
                                    "k1.s1@10",
                                    2L,
                                    "k1.s2@10",
                                    2L,
                                    "k1.s3@10",
                                    2L,
                                    "k1.s4@10",
                                    2L));
        }
    }

    private static Map<String, Long> totals(List<DailyTile> tiles) {
        Map<String, Long> totals = new HashMap<>();
        tiles.forEach(t -> totals.merge(t.subscriber + "@" + t.day, t.callsOut, Long::sum));
        return totals;
    }

    private static DailyTile calls(String subscriber, long day, long calls) {
        DailyTile tile = new DailyTile(subscriber, day);
        tile.callsOut = calls;
        return tile;
    }
}
