package io.convergent.streaming.campaigns;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record the campaign job consumed, unparsed: where it was read, its key where the key is a
 * pseudonym ({@code scores.realtime}, {@code control.contact-preferences}; never an input topic's
 * raw number), and its value ({@code null} for a tombstone).
 *
 * @param partition the partition it was read from, or -1 where unknown (tests)
 * @param offset its offset there, or -1
 * @param kafkaTimestamp the record's Kafka timestamp, or -1
 * @param eventTime an input record's own {@code eventTime}, read ahead for watermarks, or {@link
 *     io.convergent.common.event.schema.EventTimes#UNKNOWN}
 */
public record CampaignSource(
        String topic,
        int partition,
        long offset,
        long kafkaTimestamp,
        String pseudonymKey,
        byte[] value,
        long eventTime) {

    public CampaignSource {
        Objects.requireNonNull(topic, "topic");
    }

    /** A record without Kafka coordinates, as tests build them. */
    public CampaignSource(String topic, String pseudonymKey, byte[] value, long eventTime) {
        this(topic, -1, -1L, -1L, pseudonymKey, value, eventTime);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CampaignSource other
                && topic.equals(other.topic)
                && partition == other.partition
                && offset == other.offset
                && kafkaTimestamp == other.kafkaTimestamp
                && Objects.equals(pseudonymKey, other.pseudonymKey)
                && eventTime == other.eventTime
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset, pseudonymKey, eventTime) * 31
                + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        // An input record's value holds raw numbers: never print it.
        return "CampaignSource["
                + topic
                + "/"
                + partition
                + "@"
                + offset
                + ", "
                + (value == null ? 0 : value.length)
                + " bytes]";
    }
}
