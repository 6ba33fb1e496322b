package io.convergent.streaming.deadletter;

import io.convergent.common.event.schema.Rejection;
import io.convergent.common.event.schema.RejectionReason;

/**
 * A record a job refused: its source coordinates, the typed reason, and its raw bytes. The bytes go
 * to {@code events.dlq} only (inside the input perimeter, like the input topics); the {@code
 * rejected_events} table stores a scrubbed form without identifiers.
 */
public final class RejectedRecord {

    public String topic;
    public int partition;
    public long offset;
    public long kafkaTimestamp;
    public RejectionReason reason;

    /** The field at fault, or {@code null} when the record as a whole is. */
    public String field;

    /** A human-readable explanation that names fields and rules, never values. */
    public String detail;

    public byte[] payload;

    public RejectedRecord() {}

    public static RejectedRecord of(
            String topic,
            int partition,
            long offset,
            long kafkaTimestamp,
            Rejection rejection,
            byte[] payload) {
        RejectedRecord record = new RejectedRecord();
        record.topic = topic;
        record.partition = partition;
        record.offset = offset;
        record.kafkaTimestamp = kafkaTimestamp;
        record.reason = rejection.reason();
        record.field = rejection.field();
        record.detail = rejection.detail();
        record.payload = payload;
        return record;
    }

    @Override
    public String toString() {
        // Never the payload: it may hold raw identifiers.
        return "RejectedRecord[" + topic + "/" + partition + "@" + offset + " " + reason + "]";
    }
}
