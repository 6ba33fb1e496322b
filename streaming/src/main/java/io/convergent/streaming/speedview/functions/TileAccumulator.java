package io.convergent.streaming.speedview.functions;

import io.convergent.common.features.DailyTile;
import io.convergent.streaming.features.DailyTileSerializer;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Grows one subscriber's tile of one UTC day (keyed by {@code subscriber|day}) and publishes the
 * whole tile as it grows: at once when the flush interval is zero, else at most once per interval
 * (a processing-time timer), so a busy subscriber costs one record per interval, not one per event.
 * A tile's state is dropped once the watermark passes its day's end plus the retention: by then the
 * batch layer covers that day.
 */
public final class TileAccumulator extends KeyedProcessFunction<String, DailyTile, DailyTile> {

    private static final long serialVersionUID = 1L;
    private static final long DAY_MILLIS = 86_400_000L;

    private final long flushMillis;
    private final long retentionMillis;

    private transient ValueState<DailyTile> tileState;
    private transient ValueState<Long> flushTimerState;
    private transient Counter pastRetention;

    /** Contributions to a day whose tile was already dropped: the batch layer covers it. */
    public static final String PAST_RETENTION_METRIC = "contributionsPastRetention";

    public TileAccumulator(Duration flushInterval, Duration retention) {
        this.flushMillis = flushInterval.toMillis();
        this.retentionMillis = retention.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        tileState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "speedViewTile", DailyTileSerializer.TYPE));
        flushTimerState =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("speedViewFlushTimer", Types.LONG));
        pastRetention = getRuntimeContext().getMetricGroup().counter(PAST_RETENTION_METRIC);
    }

    @Override
    public void processElement(DailyTile contribution, Context ctx, Collector<DailyTile> out)
            throws Exception {
        DailyTile tile = tileState.value();
        if (tile == null && dropTime(contribution.day) <= ctx.timerService().currentWatermark()) {
            // The day's tile was dropped: a tile started now would hold this event alone and,
            // published under the same key, replace the whole day's tile in serving.
            pastRetention.inc();
            return;
        }
        if (tile == null) {
            tile = contribution.copy();
            ctx.timerService().registerEventTimeTimer(dropTime(tile.day));
        } else {
            tile.merge(contribution);
        }
        tileState.update(tile);
        if (flushMillis == 0) {
            out.collect(tile.copy());
        } else if (flushTimerState.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + flushMillis;
            ctx.timerService().registerProcessingTimeTimer(at);
            flushTimerState.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DailyTile> out)
            throws Exception {
        DailyTile tile = tileState.value();
        if (tile == null) {
            return;
        }
        if (ctx.timeDomain() == org.apache.flink.streaming.api.TimeDomain.PROCESSING_TIME) {
            flushTimerState.clear();
            out.collect(tile.copy());
        } else if (timestamp >= dropTime(tile.day)) {
            Long pending = flushTimerState.value();
            if (pending != null) {
                ctx.timerService().deleteProcessingTimeTimer(pending);
                // What the pending flush would have said must still be said.
                out.collect(tile.copy());
            }
            tileState.clear();
            flushTimerState.clear();
        }
    }

    private long dropTime(long day) {
        return (day + 1) * DAY_MILLIS + retentionMillis;
    }
}
