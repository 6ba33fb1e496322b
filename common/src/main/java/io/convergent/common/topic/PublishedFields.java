package io.convergent.common.topic;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the fields of a record this platform published (a decision, a hint, a fraud signal) with an
 * answer that names what is wrong. The enum-valued fields of the outputs are open sets (README): a
 * later release may write a reason or category this one does not know, and a reader of retained
 * records must be told that, not fail on a bare {@code valueOf}.
 */
public final class PublishedFields {

    private PublishedFields() {}

    /** The text of a required field. */
    public static String text(JsonNode record, String kind, String field) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(kind + " has no " + field);
        }
        return value.asText();
    }

    /** A required whole-number field (a time in epoch ms, a count). */
    public static long longValue(JsonNode record, String kind, String field) {
        JsonNode value = record.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(kind + " has no " + field);
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(kind + " field " + field + " is not a whole number");
        }
        return value.asLong();
    }

    /** The text of an optional field, {@code null} when absent. */
    public static String optionalText(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** A required enum-valued field. */
    public static <E extends Enum<E>> E named(
            JsonNode record, String kind, String field, Class<E> type) {
        return named(kind, field, text(record, kind, field), type);
    }

    /** An optional enum-valued field, {@code null} when absent. */
    public static <E extends Enum<E>> E optionalNamed(
            JsonNode record, String kind, String field, Class<E> type) {
        String name = optionalText(record, field);
        return name == null ? null : named(kind, field, name, type);
    }

    /** One value of an enum-valued field, {@code null} when this release does not know it. */
    public static <E extends Enum<E>> E knownOrNull(String name, Class<E> type) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static <E extends Enum<E>> E named(
            String kind, String field, String name, Class<E> type) {
        E value = knownOrNull(name, type);
        if (value == null) {
            throw new UnknownValueException(kind, field, name);
        }
        return value;
    }

    /** A value this release does not know: most likely a record from a later release. */
    public static final class UnknownValueException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnknownValueException(String kind, String field, String value) {
            super(
                    kind
                            + " field "
                            + field
                            + " is '"
                            + value
                            + "', which this release does not know (written by a later one?)");
        }
    }
}
