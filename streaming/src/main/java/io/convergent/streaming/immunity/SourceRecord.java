package io.convergent.streaming.immunity;

import java.util.Arrays;
import java.util.Objects;

/**
 * A consumed input record as the broker holds it: which topic, and the raw value. The immunity jobs
 * parse it next to the rules (broadcast state) that classify its numbers, and pseudonymise it
 * there, so a raw number never reaches keyed state, a checkpoint or an output.
 *
 * @param eventTime the record's own {@code eventTime}, read ahead for watermarks, or {@link
 *     io.convergent.common.event.schema.EventTimes#UNKNOWN} when it has none worth trusting
 */
public record SourceRecord(String topic, byte[] value, long eventTime) {

    public SourceRecord {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceRecord other
                && topic.equals(other.topic)
                && eventTime == other.eventTime
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * topic.hashCode() + Long.hashCode(eventTime)) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        // The value holds raw numbers: never print it.
        return "SourceRecord[" + topic + ", " + (value == null ? 0 : value.length) + " bytes]";
    }
}
