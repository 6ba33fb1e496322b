package io.convergent.streaming.speedview.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.features.DailyTile;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One subscriber's day tile growing, and what arrives after the day's tile was dropped. */
class TileAccumulatorTest {

    private static final long DAY = 86_400_000L;
    private static final long D = 20_419;
    private static final Duration RETENTION = Duration.ofDays(2);

    private KeyedOneInputStreamOperatorTestHarness<String, DailyTile, DailyTile> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new TileAccumulator(Duration.ZERO, RETENTION)),
                        tile -> tile.subscriber + "|" + tile.day,
                        TypeInformation.of(String.class));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static DailyTile call(long day) {
        DailyTile tile = new DailyTile("k1.sub", day);
        tile.callsOut = 1;
        return tile;
    }

    @Test
    void aContributionAfterItsDayWasDroppedPublishesNothing() throws Exception {
        harness.processElement(call(D), D * DAY + 1);
        harness.processElement(call(D), D * DAY + 2);
        assertThat(harness.extractOutputValues())
                .extracting(t -> t.callsOut)
                .containsExactly(1L, 2L);

        // The watermark passes the day's end and the retention: the tile is dropped.
        harness.processWatermark((D + 1) * DAY + RETENTION.toMillis());
        int published = harness.extractOutputValues().size();

        // A row of that day arriving now would start a tile of one call, and replace the day's
        // tile of two under the same key in serving.
        harness.processElement(call(D), D * DAY + 3);
        assertThat(harness.extractOutputValues()).hasSize(published);

        // A later day still grows.
        harness.processElement(call(D + 3), (D + 3) * DAY);
        assertThat(harness.extractOutputValues()).hasSize(published + 1);
    }
}
