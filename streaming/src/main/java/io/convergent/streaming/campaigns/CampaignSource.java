package io.convergent.streaming.campaigns;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record the campaign job consumed, unparsed: its topic, its key where the key is a pseudonym
 * ({@code scores.realtime}, {@code control.contact-preferences}; never an input topic's raw
 * number), and its value ({@code null} for a tombstone).
 *
 * @param eventTime an input record's own {@code eventTime}, read ahead for watermarks, or {@link
 *     io.convergent.common.event.schema.EventTimes#UNKNOWN}
 */
public record CampaignSource(String topic, String pseudonymKey, byte[] value, long eventTime) {

    public CampaignSource {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CampaignSource other
                && topic.equals(other.topic)
                && Objects.equals(pseudonymKey, other.pseudonymKey)
                && eventTime == other.eventTime
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, pseudonymKey, eventTime) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        // An input record's value holds raw numbers: never print it.
        return "CampaignSource[" + topic + ", " + (value == null ? 0 : value.length) + " bytes]";
    }
}
