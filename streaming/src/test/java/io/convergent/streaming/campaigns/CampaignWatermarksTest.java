package io.convergent.streaming.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.schema.EventTimes;
import io.convergent.common.topic.Topics;
import io.convergent.streaming.runtime.OnePartitionWatermarks;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The campaign job's input watermarks, one partition's generator at a time, as the Kafka source
 * runs one per split: records without an event time (scores, preferences) neither move the
 * watermark nor keep a partition active.
 */
class CampaignWatermarksTest {

    private static final long NINE_AM = 1_764_234_000_000L;

    private final OnePartitionWatermarks<CampaignSource> partition =
            new OnePartitionWatermarks<>(CampaignJob.inputWatermarks());

    @Test
    void aPartitionOfScoresAloneGoesIdleHoweverBusyItIs() {
        // A score every 10 s for two minutes: more than the idleness, never quiet.
        for (int i = 0; i < 12; i++) {
            partition.read(
                    new CampaignSource(
                            Topics.SCORES_REALTIME, "k1.sub", new byte[1], EventTimes.UNKNOWN));
            partition.advance(Duration.ofSeconds(10));
            partition.periodicEmit();
        }
        assertThat(partition.idle()).isTrue();
        // Only the beginning of time, or nothing, was ever said about its watermark.
        assertThat(partition.watermarks()).allMatch(w -> w < 0);
    }

    @Test
    void eventsMoveTheWatermarkAndScoresBetweenThemDoNotHoldItBack() {
        partition.read(new CampaignSource(Topics.TELCO_NETWORK, null, new byte[1], NINE_AM));
        partition.read(
                new CampaignSource(
                        Topics.SCORES_REALTIME, "k1.sub", new byte[1], EventTimes.UNKNOWN));
        partition.periodicEmit();
        assertThat(partition.idle()).isFalse();
        assertThat(partition.watermarks())
                .last()
                .isEqualTo(NINE_AM - CampaignJob.OUT_OF_ORDERNESS.toMillis() - 1);
    }
}
