package io.convergent.streaming.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * {@link FirstPerKey} run by its operator on RocksDB, as the jobs run it: the in-heap filter in
 * front of the state, and what the filter knows after a restore. The function's own rules (TTL,
 * lateness) are in {@code FirstSeenFilterTest}.
 */
class FirstPerKeyTest {

    private static final Duration MEMORY = Duration.ofHours(24);

    @Test
    void theOperatorAsksTheFilterAndStillDropsEveryRepeat() throws Exception {
        FirstPerKey<String> function = function();
        try (var harness = onRocksDb(new FirstPerKey.Operator<>(function))) {
            harness.open();
            for (String id : List.of("a", "b", "a", "c", "b", "a")) {
                harness.processElement(id, 0L);
            }

            assertThat(harness.extractOutputValues()).containsExactly("a", "b", "c");
            assertThat(function.repeatsDropped()).isEqualTo(3);
            assertThat(function.recentKeys()).isNotNull();
            assertThat(perhapsSeen(function, "a", "b", "c")).isTrue();
        }
    }

    @Test
    void aNewKeyIsLetThroughWithoutReadingTheState() throws Exception {
        FirstPerKey<String> function = function();
        try (var harness = onRocksDb(new FirstPerKey.Operator<>(function))) {
            harness.open();
            for (int i = 0; i < 1_000; i++) {
                harness.processElement("new-" + i, 0L);
            }
            // Only a false "perhaps" of the filter (about 1 %) reads the state for a new key.
            assertThat(function.stateReads()).isLessThan(30);

            long before = function.stateReads();
            harness.processElement("new-7", 0L);
            assertThat(function.stateReads()).isEqualTo(before + 1);
            assertThat(harness.extractOutputValues()).hasSize(1_000);
        }
    }

    @Test
    void withTheFilterOffEveryElementReadsTheStateAndRepeatsAreStillDropped() throws Exception {
        FirstPerKey<String> function = function();
        try (var harness = onRocksDb(new FirstPerKey.Operator<>(function, 0))) {
            harness.open();
            for (String id : List.of("a", "b", "a", "c")) {
                harness.processElement(id, 0L);
            }

            assertThat(harness.extractOutputValues()).containsExactly("a", "b", "c");
            assertThat(function.recentKeys()).isNull();
            assertThat(function.stateReads()).isEqualTo(4);
        }
    }

    @Test
    void refusesAFilterTooSmallForOneSlice() {
        assertThatThrownBy(() -> new FirstPerKey.Operator<>(function(), 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "the filter's size must be 0 (no filter) or at least 81920 bytes, got"
                                + " 1024");
    }

    @Test
    void aRepeatJustBeforeItsMemoryEndsIsDroppedWhateverTheFilterRotated() throws Exception {
        long memory = MEMORY.toMillis();
        long span = MEMORY.plus(RecentKeys.CLOCK_SLACK).toMillis();
        // Keys first seen around the filter's rotations, each seen again a moment before its
        // memory ends; a new key every half hour makes the filter rotate whenever it is due.
        TreeMap<Long, List<String>> timeline = new TreeMap<>();
        for (long time : new long[] {0, span - 1, span, 2 * span - 2, 2 * span - 1, 3 * span}) {
            timeline.computeIfAbsent(time, t -> new ArrayList<>()).add("key-" + time);
            timeline.computeIfAbsent(time + memory - 1, t -> new ArrayList<>()).add("key-" + time);
        }
        for (long time = 0; time <= 5 * span; time += Duration.ofMinutes(30).toMillis()) {
            timeline.computeIfAbsent(time, t -> new ArrayList<>()).add("tick-" + time);
        }

        FirstPerKey<String> function = function();
        try (var harness = onRocksDb(new FirstPerKey.Operator<>(function))) {
            harness.open();
            for (Map.Entry<Long, List<String>> at : timeline.entrySet()) {
                // The filter's clock (processing time) and the TTL's are one wall clock.
                harness.setProcessingTime(at.getKey());
                harness.setStateTtlProcessingTime(at.getKey());
                for (String key : at.getValue()) {
                    harness.processElement(key, 0L);
                }
            }

            assertThat(harness.extractOutputValues()).doesNotHaveDuplicates();
            assertThat(function.repeatsDropped()).isEqualTo(6);
        }
    }

    @Test
    void aCheckpointTakenBeforeTheFilterExistedFillsIt() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = onRocksDb(new KeyedProcessOperator<>(function()))) {
            harness.open();
            harness.processElement("a", 0L);
            snapshot = harness.snapshot(1L, 0L);
        }

        FirstPerKey<String> restored = function();
        try (var harness = onRocksDb(new FirstPerKey.Operator<>(restored))) {
            harness.initializeState(snapshot);
            harness.open();
            assertThat(perhapsSeen(restored, "a")).isTrue();
            harness.processElement("a", 0L);
            assertThat(harness.extractOutputValues()).isEmpty();
        }
    }

    @Test
    void aRestoredInstanceFillsItsFilterFromTheKeysInItsState() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = onRocksDb(new FirstPerKey.Operator<>(function()))) {
            harness.open();
            harness.processElement("a", 0L);
            harness.processElement("b", 0L);
            snapshot = harness.snapshot(1L, 0L);
        }

        FirstPerKey<String> restored = function();
        try (var harness = onRocksDb(new FirstPerKey.Operator<>(restored))) {
            harness.initializeState(snapshot);
            harness.open();

            // Without the keys from disk, the filter would answer "certainly new" for both and the
            // re-sends would pass without a state read.
            assertThat(perhapsSeen(restored, "a", "b")).isTrue();
            harness.processElement("a", 0L);
            harness.processElement("b", 0L);
            harness.processElement("c", 0L);
            assertThat(harness.extractOutputValues()).containsExactly("c");
            assertThat(restored.repeatsDropped()).isEqualTo(2);
        }
    }

    @Test
    void runByAPlainProcessOperatorItReadsTheStateForEveryElement() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = onRocksDb(new FirstPerKey.Operator<>(function()))) {
            harness.open();
            harness.processElement("a", 0L);
            snapshot = harness.snapshot(1L, 0L);
        }

        FirstPerKey<String> restored = function();
        try (var harness = onRocksDb(new KeyedProcessOperator<>(restored))) {
            harness.initializeState(snapshot);
            harness.open();
            harness.processElement("a", 0L);
            harness.processElement("b", 0L);

            assertThat(restored.recentKeys()).isNull();
            assertThat(harness.extractOutputValues()).containsExactly("b");
        }
    }

    private static FirstPerKey<String> function() {
        return new FirstPerKey<>("seen", MEMORY, "repeats");
    }

    private static boolean perhapsSeen(FirstPerKey<String> function, String... keys) {
        for (String key : keys) {
            if (!function.recentKeys().mightContain(RecentKeys.hash(key), 0L)) {
                return false;
            }
        }
        return true;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, String, String> onRocksDb(
            OneInputStreamOperator<String, String> operator) throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, String, String> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(operator, key -> key, Types.STRING);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend());
        return harness;
    }
}
