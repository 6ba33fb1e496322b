package io.convergent.common.event.schema;

/**
 * Why an input record was refused. The codes are part of the public contract: the dead-letter
 * topic, the {@code rejected_events} table and the generator's malformed records all use them.
 */
public enum RejectionReason {
    /** Larger than the configured maximum payload size. */
    OVERSIZE_PAYLOAD,
    /** The bytes are not valid UTF-8. */
    NOT_UTF8,
    /** Valid UTF-8 but not one well-formed JSON document. */
    NOT_JSON,
    /** Well-formed JSON whose top level is not an object. */
    NOT_AN_OBJECT,
    /** The event's {@code type} is not one this topic carries. */
    UNKNOWN_TYPE,
    /** A field this topic's schema does not have (often a misspelt one). */
    UNKNOWN_FIELD,
    /** The same field twice in one record. */
    DUPLICATE_FIELD,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field holds the wrong JSON type (a string for a number, a fraction for an integer...). */
    MISTYPED_FIELD,
    /** A value outside the field's allowed set or shape (an unknown enum value, a bad currency). */
    INVALID_VALUE,
    /** A phone number that is not E.164 in any accepted spelling. */
    INVALID_E164,
    /** An IMSI, IMEI, card, account, customer or device identifier of the wrong shape. */
    INVALID_IDENTIFIER,
    /** A count, size or duration below zero. */
    NEGATIVE_VALUE,
    /** A number outside its field's range. */
    VALUE_OUT_OF_RANGE,
    /** A money amount outside the allowed range. */
    AMOUNT_OUT_OF_RANGE,
    /** An end (or answer) time before the start: a negative duration. */
    END_BEFORE_START,
    /** A time further in the future than the allowed clock skew. */
    TIME_IN_FUTURE,
    /** A time before the platform's epoch (2000-01-01) or otherwise impossible. */
    TIME_OUT_OF_RANGE
}
