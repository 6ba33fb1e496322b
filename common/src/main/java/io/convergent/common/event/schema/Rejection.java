package io.convergent.common.event.schema;

import java.util.Objects;

/**
 * A typed refusal of one input record. The detail names the field and the rule it broke, never the
 * offending value: a rejected record may carry a raw identifier, and rejections are logged and
 * stored.
 *
 * @param reason the reason code
 * @param field the field at fault, or {@code null} when the record as a whole is
 * @param detail a human-readable explanation without values
 */
public record Rejection(RejectionReason reason, String field, String detail) {

    public Rejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    public static Rejection of(RejectionReason reason, String detail) {
        return new Rejection(reason, null, detail);
    }

    public static Rejection ofField(RejectionReason reason, String field, String detail) {
        return new Rejection(reason, field, field + ": " + detail);
    }
}
