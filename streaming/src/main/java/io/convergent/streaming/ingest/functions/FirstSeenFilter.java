package io.convergent.streaming.ingest.functions;

import io.convergent.streaming.runtime.FirstPerKey;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.table.data.RowData;

/**
 * The ingest's de-duplication: lets through the first row of each event id and drops re-sends of
 * it, keyed by event id, for {@code ttl} of processing time (a producer that retries does so within
 * hours; 24 h by default).
 *
 * <p>Also counts late rows — event time at or behind the current watermark — in the {@code
 * lateEvents} metric. They are not dropped: the master dataset takes everything; lateness matters
 * to the windowed jobs downstream, which read the metric as a warning.
 */
public final class FirstSeenFilter extends FirstPerKey<RowData> {

    private static final long serialVersionUID = 1L;

    public static final String DUPLICATES_METRIC = "duplicatesDropped";
    public static final String LATE_METRIC = "lateEvents";

    /** The name of the keyed state: part of the savepoint format of running ingest jobs. */
    static final String STATE_NAME = "seenEventIds";

    private transient Counter lateEvents;

    public FirstSeenFilter(Duration ttl) {
        super(STATE_NAME, checked(ttl), DUPLICATES_METRIC);
    }

    private static Duration checked(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("dedup TTL must be positive, got " + ttl);
        }
        return ttl;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        super.open(openContext);
        lateEvents = getRuntimeContext().getMetricGroup().counter(LATE_METRIC);
    }

    @Override
    protected void onFirst(RowData row, Context ctx) {
        Long timestamp = ctx.timestamp();
        // A watermark W promises nothing at or before W is still to come: W itself is late.
        if (timestamp != null && timestamp <= ctx.timerService().currentWatermark()) {
            lateEvents.inc();
        }
    }

    /** Rows dropped as re-sends by this instance (for operator tests). */
    long duplicatesDropped() {
        return repeatsDropped();
    }

    /** Late rows let through by this instance (for operator tests). */
    long lateEvents() {
        return lateEvents.getCount();
    }
}
