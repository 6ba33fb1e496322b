package io.convergent.common.campaigns;

import io.convergent.common.campaigns.CampaignTrigger.Status;

/**
 * A conversion attributed to a campaign: the subscriber did what the campaign's {@code conversion}
 * names within its window after the trigger, whether they were sent the offer or held out as
 * control (the comparison of the two is the uplift). One per trigger at most: the first conversion.
 *
 * @param group {@link Status#SENT} (treatment) or {@link Status#CONTROL}
 */
public record CampaignOutcome(
        String triggerId,
        String campaignId,
        int campaignVersion,
        String subscriber,
        Status group,
        long triggeredAt,
        long convertedAt,
        String conversionEventId,
        String conversion) {}
