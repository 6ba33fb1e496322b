package io.convergent.streaming.ingest.functions;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

/**
 * Lets through the first row of each event id and drops re-sends of it, keyed by event id. The
 * memory of an id lasts {@code ttl} of processing time (a producer that retries does so within
 * hours; 24 h by default) and is then dropped by the state backend's TTL cleanup, so state stays
 * bounded by the ids seen in one TTL.
 *
 * <p>Also counts late rows — event time at or behind the current watermark — in the {@code
 * lateEvents} metric. They are not dropped: the master dataset takes everything; lateness matters
 * to the windowed jobs downstream, which read the metric as a warning.
 */
public final class FirstSeenFilter extends KeyedProcessFunction<String, RowData, RowData> {

    private static final long serialVersionUID = 1L;

    public static final String DUPLICATES_METRIC = "duplicatesDropped";
    public static final String LATE_METRIC = "lateEvents";

    private final Duration ttl;

    private transient ValueState<Boolean> seenEventIdsState;
    private transient Counter duplicatesDropped;
    private transient Counter lateEvents;

    public FirstSeenFilter(Duration ttl) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("dedup TTL must be positive, got " + ttl);
        }
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> descriptor =
                new ValueStateDescriptor<>("seenEventIds", Types.BOOLEAN);
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(ttl)
                        // The window starts at the first sighting: a re-send does not extend it.
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .cleanupInRocksdbCompactFilter(1000)
                        .build());
        seenEventIdsState = getRuntimeContext().getState(descriptor);
        duplicatesDropped = getRuntimeContext().getMetricGroup().counter(DUPLICATES_METRIC);
        lateEvents = getRuntimeContext().getMetricGroup().counter(LATE_METRIC);
    }

    @Override
    public void processElement(RowData row, Context ctx, Collector<RowData> out) throws Exception {
        if (seenEventIdsState.value() != null) {
            duplicatesDropped.inc();
            return;
        }
        seenEventIdsState.update(Boolean.TRUE);
        Long timestamp = ctx.timestamp();
        // A watermark W promises nothing at or before W is still to come: W itself is late.
        if (timestamp != null && timestamp <= ctx.timerService().currentWatermark()) {
            lateEvents.inc();
        }
        out.collect(row);
    }

    /** Rows dropped as re-sends by this instance (for operator tests). */
    long duplicatesDropped() {
        return duplicatesDropped.getCount();
    }

    /** Late rows let through by this instance (for operator tests). */
    long lateEvents() {
        return lateEvents.getCount();
    }
}
