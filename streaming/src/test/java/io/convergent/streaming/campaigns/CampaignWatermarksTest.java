package io.convergent.streaming.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.schema.EventTimes;
import io.convergent.common.topic.Topics;
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
import org.junit.jupiter.api.Test;

/**
 * The campaign job's input watermarks, one partition's generator at a time, as the Kafka source
 * runs one per split: records without an event time (scores, preferences) neither move the
 * watermark nor keep a partition active.
 */
class CampaignWatermarksTest {

    private static final long NINE_AM = 1_764_234_000_000L;

    private final ManualClock clock = new ManualClock();
    private final WatermarkStrategy<CampaignSource> strategy = CampaignJob.inputWatermarks();
    private final WatermarkGenerator<CampaignSource> partition =
            strategy.createWatermarkGenerator(context());
    private final TimestampAssigner<CampaignSource> timestamps =
            strategy.createTimestampAssigner(null);
    private final Output output = new Output();

    @Test
    void aPartitionOfScoresAloneGoesIdleHoweverBusyItIs() {
        // A score every 10 s for two minutes: more than the idleness, never quiet.
        for (int i = 0; i < 12; i++) {
            offer(
                    new CampaignSource(
                            Topics.SCORES_REALTIME, "k1.sub", new byte[1], EventTimes.UNKNOWN));
            clock.advanceTime(Duration.ofSeconds(10));
            partition.onPeriodicEmit(output);
        }
        assertThat(output.idle).isTrue();
        // Only the beginning of time, or nothing, was ever said about its watermark.
        assertThat(output.watermarks).allMatch(w -> w < 0);
    }

    @Test
    void eventsMoveTheWatermarkAndScoresBetweenThemDoNotHoldItBack() {
        offer(new CampaignSource(Topics.TELCO_NETWORK, null, new byte[1], NINE_AM));
        offer(
                new CampaignSource(
                        Topics.SCORES_REALTIME, "k1.sub", new byte[1], EventTimes.UNKNOWN));
        partition.onPeriodicEmit(output);
        assertThat(output.idle).isFalse();
        assertThat(output.watermarks)
                .last()
                .isEqualTo(NINE_AM - CampaignJob.OUT_OF_ORDERNESS.toMillis() - 1);
    }

    private void offer(CampaignSource record) {
        partition.onEvent(record, timestamps.extractTimestamp(record, -1L), output);
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

    private static final class Output implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();
        boolean idle;

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
