package io.convergent.streaming.runtime;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets through the first element of each key and drops the repeats that arrive within {@code
 * memory} of it: a producer's re-send of an event id, a second CEP variant's copy of a signal. The
 * memory of a key lasts {@code memory} of processing time from its first sighting (a repeat does
 * not extend it) and is then dropped by the state backend's TTL cleanup, so state stays bounded by
 * the keys of one period.
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
                        .cleanupInRocksdbCompactFilter(1000)
                        .build());
        seen = getRuntimeContext().getState(descriptor);
        repeatsDropped = getRuntimeContext().getMetricGroup().counter(repeatsMetric);
    }

    @Override
    public final void processElement(T element, Context ctx, Collector<T> out) throws Exception {
        if (seen.value() != null) {
            repeatsDropped.inc();
            return;
        }
        seen.update(Boolean.TRUE);
        onFirst(element, ctx);
        out.collect(element);
    }

    /** Called for each element let through, before it is passed on. */
    protected void onFirst(T element, Context ctx) throws Exception {}

    /** Repeats dropped by this instance (for operator tests). */
    protected final long repeatsDropped() {
        return repeatsDropped.getCount();
    }
}
