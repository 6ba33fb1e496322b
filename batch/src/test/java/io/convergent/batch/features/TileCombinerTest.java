package io.convergent.batch.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.batch.lake.RawRowReader;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.Ingress;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.ReleaseCause;
import io.convergent.common.event.SmsEvent;
import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DailyTiles;
import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.EventRowConverter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class TileCombinerTest {

    private static final long DAY_MILLIS = 86_400_000L;

    @Test
    void foldsEachSubscribersDayAndEmitsAtTheEndOfInput() throws Exception {
        try (OneInputStreamOperatorTestHarness<RowData, DailyTile> harness = harness(100)) {
            for (int i = 0; i < 30; i++) {
                harness.processElement(call("k1.a", "k1.b", 10, 60), 0);
                harness.processElement(call("k1.a", "k1.c", 11, 30), 0);
            }
            assertThat(harness.extractOutputValues()).isEmpty();

            harness.endInput();

            assertThat(callsOut(harness.extractOutputValues()))
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("k1.a@10", 30L, "k1.b@10", 0L, "k1.a@11", 30L, "k1.c@11", 0L));
            assertThat(harness.extractOutputValues()).hasSize(4);
            DailyTile b = byKey(harness.extractOutputValues()).get("k1.b@10");
            assertThat(b.callsIn).isEqualTo(30);
            assertThat(b.callSecondsIn).isEqualTo(30 * 60);
            assertThat(b.distinctCounterparts()).isEqualTo(1);
        }
    }

    @Test
    void aFullCombinerSendsWhatItHoldsAndLosesNothing() throws Exception {
        List<RowData> rows = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            rows.add(call("k1.s" + (i % 5), "k1.s" + ((i + 1) % 5), 10, i));
        }
        try (OneInputStreamOperatorTestHarness<RowData, DailyTile> harness = harness(2)) {
            for (RowData row : rows) {
                harness.processElement(row, 0);
            }
            harness.endInput();

            // Partial tiles of one subscriber add up to the whole, as TileMerger will.
            Map<String, DailyTile> merged = new HashMap<>();
            for (DailyTile tile : harness.extractOutputValues()) {
                merged.merge(tile.subscriber + "@" + tile.day, tile.copy(), DailyTile::merge);
            }
            assertThat(harness.extractOutputValues().size()).isGreaterThan(5);
            assertThat(merged).isEqualTo(wholeTiles(rows));
        }
    }

    @Test
    void aRowThatIsNoEventIsSkippedAndCountedTheRestFolded() throws Exception {
        TileCombiner combiner = new TileCombiner(InputTopics.CALLS.name(), 100);
        try (OneInputStreamOperatorTestHarness<RowData, DailyTile> harness =
                new OneInputStreamOperatorTestHarness<>(combiner)) {
            harness.open();
            harness.processElement(call("k1.a", "k1.b", 10, 60), 0);
            // No time where an event always has one (a column added since, null in old rows).
            assertThat(TileCombiner.projectionOf(InputTopics.CALLS.name()).columns().get(0).name())
                    .isEqualTo("event_time");
            GenericRowData newer = (GenericRowData) call("k1.a", "k1.c", 10, 30);
            newer.setField(0, null);
            harness.processElement(newer, 0);
            harness.processElement(call("k1.a", "k1.d", 10, 30), 0);
            harness.endInput();

            assertThat(callsOut(harness.extractOutputValues())).containsEntry("k1.a@10", 2L);
            assertThat(byKey(harness.extractOutputValues())).doesNotContainKey("k1.c@10");
            assertThat(
                            combiner.getRuntimeContext()
                                    .getAccumulator(RawRowReader.accumulatorOf(Tables.RAW_CALLS))
                                    .getLocalValue())
                    .isEqualTo(1L);
        }
    }

    @Test
    void rowsNoneOfWhichCanBeReadStopTheRunInsteadOfEmptyingTheDay() throws Exception {
        try (OneInputStreamOperatorTestHarness<RowData, DailyTile> harness = harness(100)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> {
                                for (int i = 0; i < 1_000; i++) {
                                    GenericRowData row =
                                            (GenericRowData) call("k1.a", "k1.b", 10, 60);
                                    row.setField(0, null);
                                    harness.processElement(row, 0);
                                }
                            })
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("101 of the 101 rows of raw_calls");
        }
    }

    @Test
    void readsOnlyTheProjectedColumnsOfItsTable() throws Exception {
        assertThat(TileCombiner.projectionOf(InputTopics.SMS.name()).columns())
                .extracting(Types.NestedField::name)
                .containsExactly("event_time", "sender_number", "recipient_number");
        try (OneInputStreamOperatorTestHarness<RowData, DailyTile> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new TileCombiner(InputTopics.SMS.name(), 10))) {
            harness.open();
            SmsEvent sms =
                    new SmsEvent("e1", 3 * DAY_MILLIS, "k1.x", "k1.y", Ingress.ON_NET, 1, "c");
            harness.processElement(projected(sms), 0);
            harness.endInput();
            assertThat(byKey(harness.extractOutputValues()).get("k1.x@3").smsOut).isEqualTo(1);
            assertThat(byKey(harness.extractOutputValues()).get("k1.y@3").smsIn).isEqualTo(1);
        }
    }

    /** The tiles the rows make, one per subscriber and day, from each event's contributions. */
    private static Map<String, DailyTile> wholeTiles(List<RowData> rows) {
        EventRowConverter<CallEvent> reader =
                EventRowConverter.projected(
                        CallEvent.SCHEMA, DailyTiles.fieldsRead(CallEvent.class));
        Map<String, DailyTile> tiles = new HashMap<>();
        for (RowData row : rows) {
            DailyTiles.contributions(
                    reader.fromRow(row),
                    t -> tiles.merge(t.subscriber + "@" + t.day, t, DailyTile::merge));
        }
        return tiles;
    }

    private static OneInputStreamOperatorTestHarness<RowData, DailyTile> harness(int maxTiles)
            throws Exception {
        OneInputStreamOperatorTestHarness<RowData, DailyTile> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new TileCombiner(InputTopics.CALLS.name(), maxTiles));
        harness.open();
        return harness;
    }

    private static RowData call(String from, String to, long day, long seconds) {
        long start = day * DAY_MILLIS + 1_000;
        return projected(
                new CallEvent(
                        "e",
                        start,
                        "c",
                        from,
                        to,
                        Ingress.ON_NET,
                        start,
                        start,
                        start + seconds * 1000,
                        ReleaseCause.NORMAL,
                        null,
                        "cell"));
    }

    /** The event's row as a projection to the tiles' fields reads it: those columns, in order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RowData projected(Record event) {
        var topic = InputTopics.byName(InputTopics.CALLS.name()).orElseThrow();
        if (event instanceof SmsEvent) {
            topic = InputTopics.byName(InputTopics.SMS.name()).orElseThrow();
        }
        GenericRowData whole = (GenericRowData) new EventRowConverter(topic.schema()).toRow(event);
        var read = DailyTiles.fieldsRead(topic.type());
        var fields = topic.schema().fields();
        List<Object> kept = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (read.contains(fields.get(i).name())) {
                kept.add(whole.getField(i));
            }
        }
        return GenericRowData.of(kept.toArray());
    }

    private static Map<String, DailyTile> byKey(List<DailyTile> tiles) {
        Map<String, DailyTile> byKey = new HashMap<>();
        tiles.forEach(t -> byKey.put(t.subscriber + "@" + t.day, t));
        return byKey;
    }

    private static Map<String, Long> callsOut(List<DailyTile> tiles) {
        Map<String, Long> totals = new HashMap<>();
        tiles.forEach(t -> totals.merge(t.subscriber + "@" + t.day, t.callsOut, Long::sum));
        return totals;
    }
}
