package io.convergent.streaming.campaigns;

import io.convergent.common.campaigns.CampaignEvent;
import java.util.Arrays;
import java.util.Objects;

/**
 * One thing the campaign evaluator learns of a subscriber (the key, a pseudonym): an event, their
 * latest dynamic scores, or their contact preferences (a {@code null} payload forgets them).
 *
 * @param payload the {@code scores.realtime} or {@code control.contact-preferences} record
 */
public record CampaignInput(String subscriber, Kind kind, CampaignEvent event, byte[] payload) {

    public enum Kind {
        EVENT,
        SCORES,
        PREFERENCES
    }

    public CampaignInput {
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(kind, "kind");
    }

    public static CampaignInput of(CampaignEvent event) {
        return new CampaignInput(event.subscriber(), Kind.EVENT, event, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CampaignInput other
                && subscriber.equals(other.subscriber)
                && kind == other.kind
                && Objects.equals(event, other.event)
                && Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subscriber, kind, event) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "CampaignInput[" + kind + ", " + (event == null ? "" : event.kind()) + "]";
    }
}
