package io.convergent.streaming.campaigns;

import java.util.Arrays;
import java.util.Objects;

/**
 * A {@code control.campaigns} record: the campaign id (the key) and its definition as JSON, or
 * {@code null} when the campaign was deleted.
 */
public record CampaignControl(String campaignId, byte[] definition) {

    public CampaignControl {
        Objects.requireNonNull(campaignId, "campaignId");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CampaignControl other
                && campaignId.equals(other.campaignId)
                && Arrays.equals(definition, other.definition);
    }

    @Override
    public int hashCode() {
        return campaignId.hashCode() * 31 + Arrays.hashCode(definition);
    }

    @Override
    public String toString() {
        return "CampaignControl[" + campaignId + (definition == null ? ", deleted]" : "]");
    }
}
