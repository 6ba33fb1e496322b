package io.convergent.streaming.speedview.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.features.DailyTile;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One subscriber's day tile growing, what arrives after the day's tile was dropped, and tiles
 * restored from a checkpoint of an earlier build.
 */
class TileAccumulatorTest {

    private static final long DAY = 86_400_000L;
    private static final long D = 20_419;
    private static final Duration RETENTION = Duration.ofDays(2);

    private KeyedOneInputStreamOperatorTestHarness<String, DailyTile, DailyTile> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness(new TileAccumulator(Duration.ZERO, RETENTION));
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

    /**
     * Tiles in a checkpoint from before the speed view's state had its own serializer (Flink's POJO
     * serializer wrote them) are migrated on restore, and grow on.
     */
    @Test
    void aTileCheckpointedByThePojoSerializerGrowsOnAfterTheUpgrade() throws Exception {
        OperatorSubtaskState checkpoint;
        try (KeyedOneInputStreamOperatorTestHarness<String, DailyTile, DailyTile> before =
                onRocksDb(new PojoTileWriter())) {
            before.open();
            before.processElement(call(D), D * DAY + 1);
            before.processElement(call(D), D * DAY + 2);
            checkpoint = before.snapshot(1, D * DAY + 3);
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, DailyTile, DailyTile> after =
                onRocksDb(new TileAccumulator(Duration.ZERO, RETENTION))) {
            after.initializeState(checkpoint);
            after.open();
            after.processElement(call(D), D * DAY + 4);
            assertThat(after.extractOutputValues()).extracting(t -> t.callsOut).containsExactly(3L);
        }
    }

    /** A harness (not yet open) keyed like the speed view's tiles, on the heap state backend. */
    private static KeyedOneInputStreamOperatorTestHarness<String, DailyTile, DailyTile> harness(
            KeyedProcessFunction<String, DailyTile, DailyTile> function) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(function),
                tile -> tile.subscriber + "|" + tile.day,
                TypeInformation.of(String.class));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, DailyTile, DailyTile> onRocksDb(
            KeyedProcessFunction<String, DailyTile, DailyTile> function) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, DailyTile, DailyTile> harness =
                harness(function);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        return harness;
    }

    /** The tile state as the speed view kept it before: same name, Flink's POJO serializer. */
    private static final class PojoTileWriter
            extends KeyedProcessFunction<String, DailyTile, DailyTile> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<DailyTile> tile;

        @Override
        public void open(OpenContext openContext) {
            tile =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "speedViewTile", TypeInformation.of(DailyTile.class)));
        }

        @Override
        public void processElement(DailyTile contribution, Context ctx, Collector<DailyTile> out)
                throws Exception {
            DailyTile grown = tile.value();
            tile.update(grown == null ? contribution.copy() : grown.merge(contribution));
        }
    }
}
