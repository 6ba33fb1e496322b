package io.convergent.streaming.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.campaigns.CampaignDefinition.OfferChannel;
import io.convergent.common.campaigns.CampaignEvent;
import io.convergent.common.campaigns.CampaignOutcome;
import io.convergent.common.campaigns.CampaignTrigger;
import io.convergent.common.campaigns.CampaignTrigger.Status;
import io.convergent.common.campaigns.SuppressionReason;
import io.convergent.streaming.testing.FlinkSerialization;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/** What the campaign job passes between operators, serialised without Kryo. */
class CampaignTypesSerializationTest {

    @Test
    void everyTypeBetweenOperatorsIsAFlinkPojoWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(CampaignSource.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(CampaignInput.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(CampaignEvent.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(CampaignControl.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(CampaignTrigger.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(CampaignOutcome.class);
    }

    @Test
    void valuesSurviveFlinksSerializerIncludingNulls() throws Exception {
        CampaignEvent event =
                new CampaignEvent(
                        "k1.A", "e1", 5L, CampaignEvent.Kind.BALANCE, 100L, null, null, null, null);
        assertThat(FlinkSerialization.roundTrip(CampaignInput.of(event)))
                .isEqualTo(CampaignInput.of(event));
        CampaignTrigger suppressed =
                new CampaignTrigger(
                        "id",
                        "c",
                        1,
                        "k1.A",
                        "e1",
                        5L,
                        6L,
                        "2026-11-25T12:00:00+03:00",
                        Status.SUPPRESSED,
                        SuppressionReason.QUIET_HOURS,
                        "OFFER",
                        OfferChannel.SMS,
                        null,
                        50);
        assertThat(FlinkSerialization.roundTrip(suppressed)).isEqualTo(suppressed);
        assertThat(FlinkSerialization.roundTrip(new CampaignControl("c", null)))
                .isEqualTo(new CampaignControl("c", null));
    }
}
