package io.convergent.common.event.schema;

import java.util.Objects;

/**
 * One field of an event schema: its wire name (the record component's name), kind, whether it is
 * required, and its bounds. Immutable; the {@code with...} methods return copies.
 */
public final class FieldSpec {

    private final String name;
    private final FieldKind kind;
    private final boolean required;
    private final long min;
    private final long max;
    private final Class<? extends Enum<?>> enumType;
    private final String description;

    private FieldSpec(
            String name,
            FieldKind kind,
            boolean required,
            long min,
            long max,
            Class<? extends Enum<?>> enumType,
            String description) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.required = required;
        this.min = min;
        this.max = max;
        this.enumType = enumType;
        this.description = Objects.requireNonNull(description, "description");
        if (!name.matches("[a-z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("field name must be camelCase, got '" + name + "'");
        }
        if (min > max) {
            throw new IllegalArgumentException(
                    "field " + name + ": min " + min + " is above max " + max);
        }
        if ((kind == FieldKind.ENUM) != (enumType != null)) {
            throw new IllegalArgumentException(
                    "field " + name + ": an enum type goes with kind ENUM only, got " + kind);
        }
    }

    /** A required field with the default bounds of its kind. */
    public static FieldSpec required(String name, FieldKind kind, String description) {
        return new FieldSpec(
                name, kind, true, defaultMin(kind), defaultMax(kind), null, description);
    }

    /** An optional field (absent or null) with the default bounds of its kind. */
    public static FieldSpec optional(String name, FieldKind kind, String description) {
        return required(name, kind, description).asOptional();
    }

    /** A required field holding the name of one of {@code type}'s constants. */
    public static FieldSpec requiredEnum(
            String name, Class<? extends Enum<?>> type, String description) {
        return new FieldSpec(name, FieldKind.ENUM, true, 0, 0, type, description);
    }

    public static FieldSpec optionalEnum(
            String name, Class<? extends Enum<?>> type, String description) {
        return requiredEnum(name, type, description).asOptional();
    }

    public FieldSpec asOptional() {
        return new FieldSpec(name, kind, false, min, max, enumType, description);
    }

    /** Bounds: for numbers the value range, for text the length range. */
    public FieldSpec withRange(long newMin, long newMax) {
        return new FieldSpec(name, kind, required, newMin, newMax, enumType, description);
    }

    public String name() {
        return name;
    }

    public FieldKind kind() {
        return kind;
    }

    public boolean required() {
        return required;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    public Class<? extends Enum<?>> enumType() {
        return enumType;
    }

    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return name + ":" + kind + (required ? "" : "?");
    }

    private static long defaultMin(FieldKind kind) {
        return switch (kind) {
            case TIMESTAMP -> EventSchema.EARLIEST_EVENT_TIME;
            case LONG, INT, AMOUNT -> 0;
            case TEXT -> 0;
            default -> 0;
        };
    }

    private static long defaultMax(FieldKind kind) {
        return switch (kind) {
            case TIMESTAMP, LONG -> Long.MAX_VALUE;
            case INT -> Integer.MAX_VALUE;
            // One trillion minor units (ten billion roubles): above any single retail payment.
            case AMOUNT -> 1_000_000_000_000L;
            case TEXT -> 256;
            default -> 0;
        };
    }
}
