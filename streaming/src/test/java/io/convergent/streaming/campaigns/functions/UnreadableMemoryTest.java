package io.convergent.streaming.campaigns.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.campaigns.CampaignDefinition;
import io.convergent.common.campaigns.CampaignDefinitions;
import io.convergent.common.campaigns.CampaignEngine;
import io.convergent.common.campaigns.CampaignEvent;
import io.convergent.common.campaigns.CampaignMemory;
import io.convergent.common.campaigns.CampaignTrigger;
import io.convergent.common.campaigns.ContactPolicy;
import io.convergent.common.campaigns.SuppressionReason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the campaign job makes of a subscriber's memory it cannot read. */
class UnreadableMemoryTest {

    private static final String ALICE = "k1.ALICEALICEALICEALICEAL";
    private static final long NOON = Instant.parse("2026-11-20T09:00:00Z").toEpochMilli();

    @Test
    void aMemoryALaterReleaseWroteIsNotReadAndItsSubscriberIsNotContacted() {
        CampaignMemory optedOut = new CampaignMemory();
        optedOut.marketing = false;
        byte[] bytes = optedOut.toBytes();
        assertThat(CampaignEvaluator.readable(bytes))
                .usingRecursiveComparison()
                .isEqualTo(optedOut);

        // A format from after this release (a rollback), or a corrupt value.
        bytes[0] = 9;
        assertThat(CampaignEvaluator.readable(bytes)).isNull();

        // Started again without consent: the opt-out that could not be read is not broken.
        CampaignDefinition welcome =
                CampaignDefinitions.parse(
                        "id: welcome\nversion: 1\ntrigger: {event: roaming_entry}\n"
                                + "offer: {code: OFFER, channel: push}\n"
                                + "valid: {from: 2026-01-01, to: 2027-12-31}\n"
                                + "control_share: 0\npriority: 50\n",
                        "welcome.yaml");
        List<CampaignTrigger> triggers =
                new CampaignEngine(ContactPolicy.standard(), () -> NOON)
                        .onEvent(
                                CampaignEvaluator.withoutConsent(),
                                new CampaignEvent(
                                        ALICE,
                                        "e1",
                                        NOON,
                                        CampaignEvent.Kind.ROAMING_ENTRY,
                                        null,
                                        null,
                                        286,
                                        null,
                                        null),
                                List.of(welcome),
                                () -> null)
                        .triggers();
        assertThat(triggers)
                .extracting(CampaignTrigger::reason)
                .containsExactly(SuppressionReason.OPTED_OUT);
    }
}
