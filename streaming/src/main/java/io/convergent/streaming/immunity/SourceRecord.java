package io.convergent.streaming.immunity;

import java.util.Arrays;
import java.util.Objects;

/**
 * A consumed input record as the broker holds it: which topic, and the raw value. The immunity jobs
 * parse it next to the rules (broadcast state) that classify its numbers, and pseudonymise it
 * there, so a raw number never reaches keyed state, a checkpoint or an output.
 */
public record SourceRecord(String topic, byte[] value) {

    public SourceRecord {
        Objects.requireNonNull(topic, "topic");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SourceRecord other
                && topic.equals(other.topic)
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * topic.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        // The value holds raw numbers: never print it.
        return "SourceRecord[" + topic + ", " + (value == null ? 0 : value.length) + " bytes]";
    }
}
