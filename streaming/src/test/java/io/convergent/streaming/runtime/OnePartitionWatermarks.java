package io.convergent.streaming.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;

/**
 * A job's watermark strategy driven as the Kafka source drives it for one partition (one generator
 * per split), on a clock the test moves: what it says of the partition's watermark and whether the
 * partition is idle.
 */
public final class OnePartitionWatermarks<T> {

    private final ManualClock clock = new ManualClock();
    private final WatermarkGenerator<T> generator;
    private final TimestampAssigner<T> timestamps;
    private final List<Long> watermarks = new ArrayList<>();
    private final WatermarkOutput output = new Output();
    private boolean idle;

    public OnePartitionWatermarks(WatermarkStrategy<T> strategy) {
        this.generator = strategy.createWatermarkGenerator(context());
        this.timestamps = strategy.createTimestampAssigner(null);
    }

    /** A record read from the partition. */
    public void read(T record) {
        generator.onEvent(record, timestamps.extractTimestamp(record, -1L), output);
    }

    /** Time passes on the input-activity clock. */
    public void advance(Duration duration) {
        clock.advanceTime(duration);
    }

    /** The source's periodic call for a watermark. */
    public void periodicEmit() {
        generator.onPeriodicEmit(output);
    }

    public boolean idle() {
        return idle;
    }

    /** Every watermark emitted so far, in order. */
    public List<Long> watermarks() {
        return List.copyOf(watermarks);
    }

    private WatermarkGeneratorSupplier.Context context() {
        return new WatermarkGeneratorSupplier.Context() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup();
            }

            @Override
            public RelativeClock getInputActivityClock() {
                return clock;
            }
        };
    }

    private final class Output implements WatermarkOutput {
        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }
}
