package io.convergent.streaming.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.util.Collector;

/**
 * Lets through the first element of each key and drops the repeats that arrive within {@code
 * memory} of it: a producer's re-send of an event id, a second CEP variant's copy of a signal. The
 * memory of a key lasts {@code memory} of processing time from its first sighting (a repeat does
 * not extend it) and is then dropped by the state backend's TTL cleanup, so state stays bounded by
 * the keys of one period.
 *
 * <p>Nearly every key is new, and on RocksDB a lookup that misses is a {@code get} through JNI. So,
 * when run by {@link #applyTo} (its {@link Operator}), the function first asks {@link RecentKeys},
 * an in-heap filter of the keys it wrote in the last period, and reads the state only when the
 * filter says "perhaps". The operator fills the filter with the state's keys when it opens, so a
 * restored or rescaled instance knows what its state holds. Run by a plain {@code process()}, it
 * reads the state for every element, as before.
 *
 * @param <T> the elements; the key is whatever the stream was keyed by
 */
public class FirstPerKey<T> extends KeyedProcessFunction<String, T, T> {

    private static final long serialVersionUID = 1L;

    private final String stateName;
    private final Duration memory;
    private final String repeatsMetric;

    private transient ValueState<Boolean> seen;
    private transient Counter repeatsDropped;

    /**
     * Null until {@link Operator} fills it from the state: then the state is read on "perhaps"
     * only.
     */
    private transient RecentKeys recentKeys;

    /**
     * The heap one instance's filter may take per generation by default, two being alive. Slices
     * grow by four from 65,536 keys, so a generation holds at most five: 27.9 MB, 22.3 M keys (its
     * last slice is allocated at the 5.57 millionth key). Past that it answers "perhaps" for the
     * rest of its span and the next one (as the previous generation), and every element reads the
     * state, as without the filter.
     */
    public static final long DEFAULT_FILTER_MAX_BYTES = 32L << 20;

    /** State reads by this instance (for operator tests). */
    private transient long stateReads;

    /**
     * Keeps the first element of each key of {@code keyed}, with {@code function} run by its {@link
     * Operator}, which reads the state only for keys its in-heap filter has perhaps seen.
     */
    public static <T> SingleOutputStreamOperator<T> applyTo(
            KeyedStream<T, String> keyed, FirstPerKey<T> function, TypeInformation<T> type) {
        return applyTo(keyed, function, type, DEFAULT_FILTER_MAX_BYTES);
    }

    /**
     * As {@link #applyTo(KeyedStream, FirstPerKey, TypeInformation)}, with the filter's heap per
     * generation set: {@code 0} turns the filter off (every element reads the state), otherwise at
     * least {@link RecentKeys#minimumBytes()}.
     */
    public static <T> SingleOutputStreamOperator<T> applyTo(
            KeyedStream<T, String> keyed,
            FirstPerKey<T> function,
            TypeInformation<T> type,
            long filterMaxBytes) {
        return keyed.transform(function.stateName, type, new Operator<>(function, filterMaxBytes));
    }

    /** Refuses a filter budget the filter cannot work with, naming it. */
    public static long checkFilterMaxBytes(String name, long filterMaxBytes) {
        if (filterMaxBytes != 0 && filterMaxBytes < RecentKeys.minimumBytes()) {
            throw new IllegalArgumentException(
                    name
                            + " must be 0 (no filter) or at least "
                            + RecentKeys.minimumBytes()
                            + " bytes, got "
                            + filterMaxBytes);
        }
        return filterMaxBytes;
    }

    /**
     * @param stateName the name of the keyed state: part of the savepoint format, so it must not
     *     change for a running job
     * @param memory how long a key is remembered
     * @param repeatsMetric the name of the counter of dropped repeats
     */
    public FirstPerKey(String stateName, Duration memory, String repeatsMetric) {
        this.stateName = Objects.requireNonNull(stateName, "stateName");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.repeatsMetric = Objects.requireNonNull(repeatsMetric, "repeatsMetric");
        if (memory.isNegative() || memory.isZero()) {
            throw new IllegalArgumentException(
                    "the memory of a key must be positive, got " + memory);
        }
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        ValueStateDescriptor<Boolean> descriptor =
                new ValueStateDescriptor<>(stateName, Types.BOOLEAN);
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(memory)
                        // The period starts at the first sighting: a repeat does not extend it.
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .cleanupInRocksdbCompactFilter(StateExpiry.ENTRIES_PER_CLOCK_READ)
                        .build());
        seen = getRuntimeContext().getState(descriptor);
        repeatsDropped = getRuntimeContext().getMetricGroup().counter(repeatsMetric);
    }

    @Override
    public final void processElement(T element, Context ctx, Collector<T> out) throws Exception {
        long hash = recentKeys == null ? 0L : RecentKeys.hash(ctx.getCurrentKey());
        boolean perhapsSeen =
                recentKeys == null
                        || recentKeys.mightContain(
                                hash, ctx.timerService().currentProcessingTime());
        if (perhapsSeen && stateRead()) {
            repeatsDropped.inc();
            return;
        }
        seen.update(Boolean.TRUE);
        if (recentKeys != null) {
            // The time after the write: the state's TTL starts inside update(), and the filter
            // must remember the key at least as long.
            recentKeys.add(hash, ctx.timerService().currentProcessingTime());
        }
        onFirst(element, ctx);
        out.collect(element);
    }

    private boolean stateRead() throws Exception {
        stateReads++;
        return seen.value() != null;
    }

    /**
     * Starts the in-heap filter with every key the state holds (whether expired or not: an expired
     * one only costs a lookup). Called by {@link Operator} once the state is open.
     */
    final void rememberKeysInState(
            Stream<String> keysInState, long nowMillis, long filterMaxBytes) {
        recentKeys = RecentKeys.ofKeysInState(keysInState, memory, filterMaxBytes, nowMillis);
    }

    /** State reads by this instance (for operator tests). */
    final long stateReads() {
        return stateReads;
    }

    /** The in-heap filter, or null if this instance reads the state for every element. */
    final RecentKeys recentKeys() {
        return recentKeys;
    }

    /** Called for each element let through, before it is passed on. */
    protected void onFirst(T element, Context ctx) throws Exception {}

    /** Repeats dropped by this instance (for operator tests). */
    protected final long repeatsDropped() {
        return repeatsDropped.getCount();
    }

    /**
     * The operator that runs a {@link FirstPerKey}: a {@link KeyedProcessOperator} (same state,
     * same savepoint layout) that, once open, hands the function the keys its state holds.
     */
    public static final class Operator<T> extends KeyedProcessOperator<String, T, T> {

        private static final long serialVersionUID = 1L;

        private final long filterMaxBytes;

        public Operator(FirstPerKey<T> function) {
            this(function, DEFAULT_FILTER_MAX_BYTES);
        }

        /** {@code filterMaxBytes} 0: no filter, the function reads the state for every element. */
        public Operator(FirstPerKey<T> function, long filterMaxBytes) {
            super(function);
            this.filterMaxBytes = checkFilterMaxBytes("the filter's size", filterMaxBytes);
        }

        @Override
        public void open() throws Exception {
            super.open();
            if (filterMaxBytes == 0) {
                return;
            }
            FirstPerKey<T> function = (FirstPerKey<T>) userFunction;
            // After a restore or a rescale: the key groups this instance now owns, from disk.
            try (Stream<String> keys =
                    this.<String>getKeyedStateBackend()
                            .getKeys(function.stateName, VoidNamespace.INSTANCE)) {
                function.rememberKeysInState(
                        keys,
                        getProcessingTimeService().getCurrentProcessingTime(),
                        filterMaxBytes);
            }
        }
    }
}
