package io.convergent.streaming.ingest.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.testing.SampleEvents;
import io.convergent.streaming.runtime.FirstPerKey;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deduplication of the ingest, on the heap state backend the harness defaults to. TTL time and
 * watermarks are moved by hand; the rows are {@code (event_id, event_time)} like the first columns
 * of every raw table.
 */
class FirstSeenFilterTest {

    private static final Duration TTL = Duration.ofHours(24);
    private static final long T0 = SampleEvents.T0;
    private static final RowType ROW_TYPE =
            RowType.of(new VarCharType(VarCharType.MAX_LENGTH), new LocalZonedTimestampType(3));
    private static final TypeSerializer<RowData> ROW_SERIALIZER =
            InternalTypeInfo.of(ROW_TYPE).toRowSerializer();

    /** The name the filter registers its state under; part of the savepoint format. */
    private static final String STATE_NAME = "seenEventIds";

    private FirstSeenFilter filter;
    private KeyedOneInputStreamOperatorTestHarness<String, RowData, RowData> harness;

    @BeforeEach
    void openHarness() throws Exception {
        filter = new FirstSeenFilter(TTL);
        harness = harness(filter);
        harness.setup(ROW_SERIALIZER);
        harness.open();
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void letsTheFirstSightingOfAnIdThrough() throws Exception {
        harness.processElement(row("call-1", T0), T0);
        harness.processElement(row("call-2", T0), T0);

        assertThat(passedIds()).containsExactly("call-1", "call-2");
        assertThat(filter.duplicatesDropped()).isZero();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    }

    @Test
    void dropsAndCountsReSendsWithinTheTtl() throws Exception {
        harness.processElement(row("call-1", T0), T0);
        harness.processElement(row("call-1", T0), T0);
        harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
        harness.processElement(row("call-1", T0), T0);

        assertThat(passedIds()).containsExactly("call-1");
        assertThat(filter.duplicatesDropped()).isEqualTo(2);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void letsAnIdThroughAgainOnceTheTtlHasElapsed() throws Exception {
        harness.processElement(row("call-1", T0), T0);
        harness.setStateTtlProcessingTime(TTL.toMillis());
        harness.processElement(row("call-1", T0), T0);

        assertThat(passedIds()).containsExactly("call-1", "call-1");
        assertThat(filter.duplicatesDropped()).isZero();
    }

    @Test
    void aReSendDoesNotExtendTheWindowOfTheFirstSighting() throws Exception {
        harness.processElement(row("call-1", T0), T0);
        // A re-send just before expiry: dropped, and it must not restart the 24 h.
        harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
        harness.processElement(row("call-1", T0), T0);
        harness.setStateTtlProcessingTime(TTL.toMillis());
        harness.processElement(row("call-1", T0), T0);

        assertThat(passedIds()).containsExactly("call-1", "call-1");
        assertThat(filter.duplicatesDropped()).isEqualTo(1);
    }

    @Test
    void letsLateRowsThroughAndCountsThem() throws Exception {
        harness.processWatermark(T0);
        harness.processElement(row("late-1", T0 - 1), T0 - 1);
        // A watermark promises nothing at or before it is still to come: a row at it is late.
        harness.processElement(row("at-watermark", T0), T0);
        harness.processElement(row("on-time", T0 + 1), T0 + 1);
        harness.processElement(row("early", T0 + 60_000), T0 + 60_000);
        harness.processElement(row("late-2", T0 - 3_600_000), T0 - 3_600_000);

        assertThat(passedIds())
                .containsExactly("late-1", "at-watermark", "on-time", "early", "late-2");
        assertThat(filter.lateEvents()).isEqualTo(3);
        assertThat(filter.duplicatesDropped()).isZero();
    }

    @Test
    void countsNothingAsLateBeforeTheFirstWatermark() throws Exception {
        harness.processElement(row("call-1", 0L), 0L);

        assertThat(passedIds()).containsExactly("call-1");
        assertThat(filter.lateEvents()).isZero();
    }

    @Test
    void aLateReSendIsCountedAsADuplicateOnly() throws Exception {
        harness.processElement(row("call-1", T0), T0);
        harness.processWatermark(T0 + 1);
        harness.processElement(row("call-1", T0), T0);

        assertThat(passedIds()).containsExactly("call-1");
        assertThat(filter.duplicatesDropped()).isEqualTo(1);
        assertThat(filter.lateEvents()).isZero();
    }

    @Test
    void remembersSeenIdsAcrossSnapshotAndRestore() throws Exception {
        harness.processElement(row("call-1", T0), T0);
        harness.processElement(row("call-2", T0), T0);
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);

        FirstSeenFilter restoredFilter = new FirstSeenFilter(TTL);
        try (KeyedOneInputStreamOperatorTestHarness<String, RowData, RowData> restored =
                harness(restoredFilter)) {
            restored.setup(ROW_SERIALIZER);
            restored.initializeState(snapshot);
            restored.open();
            assertThat(restored.numKeyedStateEntries()).isEqualTo(2);

            restored.processElement(row("call-1", T0), T0);
            restored.processElement(row("call-2", T0), T0);
            restored.processElement(row("call-3", T0), T0);

            assertThat(outputIds(restored)).containsExactly("call-3");
            assertThat(restoredFilter.duplicatesDropped()).isEqualTo(2);

            // The sighting times travel with the state: the restored ids still expire.
            restored.setStateTtlProcessingTime(TTL.toMillis());
            restored.processElement(row("call-1", T0), T0);
            assertThat(outputIds(restored)).containsExactly("call-3", "call-1");
        }
    }

    @Test
    void expiredEntriesAreRemovedFromStateWhenAccessed() throws Exception {
        for (String id : List.of("call-1", "call-2", "call-3")) {
            harness.processElement(row(id, T0), T0);
        }
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);

        // Before expiry, reading every entry removes none of them.
        harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
        readEveryEntry();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);

        // The heap backend keeps an expired entry until something reads it. Its incremental TTL
        // cleanup runs on state access but visits only part of the table each time (in a probe,
        // six new ids after expiry removed one of three expired entries): too slow and too tied
        // to hashing to assert on. Production runs on RocksDB, whose compaction filter drops
        // expired entries instead. So the test reads every entry, as a full cleanup pass would.
        harness.setStateTtlProcessingTime(TTL.toMillis());
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);

        readEveryEntry();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void anExpiredIdIsLetThroughAndItsEntryCreatedAgain() throws Exception {
        harness.processElement(row("call-1", T0), T0);
        harness.setStateTtlProcessingTime(TTL.toMillis());

        harness.processElement(row("call-1", T0), T0);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        // The new entry dates from the second sighting.
        harness.setStateTtlProcessingTime(2 * TTL.toMillis() - 1);
        harness.processElement(row("call-1", T0), T0);
        assertThat(passedIds()).containsExactly("call-1", "call-1");
        assertThat(filter.duplicatesDropped()).isEqualTo(1);
    }

    @Test
    void refusesATtlThatIsNotPositive() {
        assertThatThrownBy(() -> new FirstSeenFilter(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dedup TTL must be positive, got PT0S");
        assertThatThrownBy(() -> new FirstSeenFilter(Duration.ofMinutes(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dedup TTL must be positive, got PT-5M");
        assertThatThrownBy(() -> new FirstSeenFilter(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("ttl");
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, RowData, RowData> harness(
            FirstSeenFilter filter) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new FirstPerKey.Operator<>(filter),
                row -> row.getString(0).toString(),
                Types.STRING);
    }

    private static RowData row(String eventId, long eventTime) {
        return GenericRowData.of(
                StringData.fromString(eventId), TimestampData.fromEpochMillis(eventTime));
    }

    private List<String> passedIds() {
        return outputIds(harness);
    }

    private static List<String> outputIds(
            KeyedOneInputStreamOperatorTestHarness<String, RowData, RowData> harness) {
        return harness.extractOutputValues().stream()
                .map(row -> row.getString(0).toString())
                .toList();
    }

    /**
     * Reads the filter's state for every key it holds, as a full pass of the backend's TTL cleanup
     * would: a read of an expired entry removes it.
     */
    private void readEveryEntry() throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        List<String> keys;
        try (Stream<String> stream = backend.getKeys(STATE_NAME, VoidNamespace.INSTANCE)) {
            keys = stream.toList();
        }
        // The backend hands back the state the filter registered, TTL included.
        ValueState<Boolean> state =
                backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new ValueStateDescriptor<>(STATE_NAME, Types.BOOLEAN));
        for (String key : keys) {
            backend.setCurrentKey(key);
            state.value();
        }
    }
}
