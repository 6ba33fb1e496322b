package io.convergent.streaming.campaigns;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record the campaign job consumed, unparsed: its topic, its key where the key is a pseudonym
 * ({@code scores.realtime}, {@code control.contact-preferences}; never an input topic's raw
 * number), and its value ({@code null} for a tombstone).
 */
public record CampaignSource(String topic, String pseudonymKey, byte[] value) {

    public CampaignSource {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CampaignSource other
                && topic.equals(other.topic)
                && Objects.equals(pseudonymKey, other.pseudonymKey)
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, pseudonymKey) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        // An input record's value holds raw numbers: never print it.
        return "CampaignSource[" + topic + ", " + (value == null ? 0 : value.length) + " bytes]";
    }
}
