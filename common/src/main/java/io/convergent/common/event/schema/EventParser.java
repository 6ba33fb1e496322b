package io.convergent.common.event.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PhoneNumbers;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.identity.ServiceAddresses;
import io.convergent.common.text.Spelling;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Strict parser of one topic's events: bytes in, an event with canonical (or pseudonymised)
 * identifiers or a typed {@link Rejection} out. It never throws on bad input.
 *
 * <p>Checks, in order: payload size, UTF-8, one JSON object and nothing after it, every field
 * known, present once and of its JSON type, each value in its range or shape, required fields
 * (including those required by the event's type), then the schema's cross-field rules.
 *
 * <p>Not thread-safe only in the sense that nothing is shared mutably: one instance can serve many
 * threads.
 */
public final class EventParser<T extends Record> {

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024;
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final JsonFactory JSON =
            JsonFactory.builder()
                    .streamReadConstraints(
                            StreamReadConstraints.builder()
                                    .maxNestingDepth(8)
                                    .maxNumberLength(DEFAULT_MAX_PAYLOAD_BYTES)
                                    .build())
                    .build();
    private static final Set<String> CURRENCIES =
            Currency.getAvailableCurrencies().stream()
                    .map(Currency::getCurrencyCode)
                    .collect(Collectors.toUnmodifiableSet());

    private final EventSchema<T> schema;
    private final Identifiers identifiers;
    private final int maxPayloadBytes;
    private final InstantSource clock;
    private final long maxClockSkewMillis;
    private final FieldSpec[] fields;
    private final Map<String, Integer> fieldIndexes;
    private final List<Map<String, Enum<?>>> enumValues;
    private final long requiredMask;

    public EventParser(
            EventSchema<T> schema,
            Identifiers identifiers,
            int maxPayloadBytes,
            InstantSource clock,
            Duration maxClockSkew) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.identifiers = Objects.requireNonNull(identifiers, "identifiers");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxPayloadBytes < 64) {
            throw new IllegalArgumentException(
                    "max payload must be at least 64 bytes, got " + maxPayloadBytes);
        }
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException(
                    "max clock skew must not be negative, got " + maxClockSkew);
        }
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxClockSkewMillis = maxClockSkew.toMillis();
        this.fields = schema.fields().toArray(new FieldSpec[0]);
        if (fields.length > Long.SIZE) {
            throw new IllegalArgumentException(
                    schema.topic() + " has " + fields.length + " fields; at most 64 are supported");
        }
        this.fieldIndexes = new HashMap<>();
        long mask = 0;
        for (int i = 0; i < fields.length; i++) {
            fieldIndexes.put(fields[i].name(), i);
            if (fields[i].required()) {
                mask |= 1L << i;
            }
        }
        this.requiredMask = mask;
        this.enumValues =
                schema.fields().stream()
                        .map(
                                f -> {
                                    Map<String, Enum<?>> byName = new HashMap<>();
                                    if (f.enumType() != null) {
                                        for (Enum<?> c : f.enumType().getEnumConstants()) {
                                            byName.put(c.name(), c);
                                        }
                                    }
                                    return Map.copyOf(byName);
                                })
                        .toList();
    }

    /** A parser with the default payload limit and clock skew, on the system clock. */
    public EventParser(EventSchema<T> schema, Identifiers identifiers) {
        this(
                schema,
                identifiers,
                DEFAULT_MAX_PAYLOAD_BYTES,
                InstantSource.system(),
                DEFAULT_MAX_CLOCK_SKEW);
    }

    public EventSchema<T> schema() {
        return schema;
    }

    /** Parses and validates; identifiers in the event are in canonical form. */
    public ParseResult<T> parse(byte[] payload) {
        return parse(payload, null);
    }

    /**
     * Parses, validates and, when {@code pseudonymiser} is given, replaces every identifier with
     * its pseudonym before the event is built: the raw values never leave this method.
     */
    public ParseResult<T> parse(byte[] payload, Pseudonymiser pseudonymiser) {
        return parse(payload, pseudonymiser, true);
    }

    /**
     * Parses and validates, keeping identifiers in canonical form for a caller that must classify
     * them raw (by the numbering plan) and pseudonymises each itself; phone numbers written inside
     * event ids and free text are pseudonymised all the same, as nothing needs them raw.
     */
    public ParseResult<T> parseKeepingIdentifiers(byte[] payload, Pseudonymiser pseudonymiser) {
        return parse(payload, pseudonymiser, false);
    }

    private ParseResult<T> parse(
            byte[] payload, Pseudonymiser pseudonymiser, boolean identifiersToo) {
        if (payload == null) {
            return ParseResult.rejected(Rejection.of(RejectionReason.NOT_JSON, "no payload"));
        }
        if (payload.length > maxPayloadBytes) {
            return ParseResult.rejected(
                    Rejection.of(
                            RejectionReason.OVERSIZE_PAYLOAD,
                            "payload of "
                                    + payload.length
                                    + " bytes is over the limit of "
                                    + maxPayloadBytes));
        }
        // Jackson would guess UTF-16/32 from NUL bytes and skip a byte-order mark: the topics'
        // contract is plain UTF-8, so neither is accepted.
        if (!Utf8.isValidWithoutNul(payload) || Utf8.startsWithByteOrderMark(payload)) {
            return ParseResult.rejected(
                    Rejection.of(RejectionReason.NOT_UTF8, "payload is not valid UTF-8"));
        }
        Object[] values = new Object[fields.length];
        Rejection rejection;
        try {
            rejection = readFields(payload, values);
        } catch (InputCoercionException e) {
            rejection = Rejection.of(RejectionReason.MISTYPED_FIELD, "a number does not fit");
        } catch (JsonProcessingException e) {
            rejection = Rejection.of(RejectionReason.NOT_JSON, "payload is not well-formed JSON");
        } catch (IOException | RuntimeException e) {
            // Reading from a byte array does no I/O; anything else is a parser defect on odd
            // input, which must cost one record, never the job.
            rejection = Rejection.of(RejectionReason.NOT_JSON, "payload could not be read");
        }
        if (rejection == null) {
            rejection = checkRequired(values);
        }
        if (rejection != null) {
            return ParseResult.rejected(rejection);
        }
        if (pseudonymiser != null && identifiersToo) {
            schema.pseudonymiseInPlace(values, pseudonymiser);
        } else if (pseudonymiser != null) {
            schema.pseudonymiseReferencesInPlace(values, pseudonymiser);
        }
        T event = schema.construct(values);
        for (EventSchema.NamedRule<T> rule : schema.rules()) {
            Rejection broken = rule.rule().check(event);
            if (broken != null) {
                return ParseResult.rejected(broken);
            }
        }
        return ParseResult.accepted(event);
    }

    private Rejection readFields(byte[] payload, Object[] values) throws IOException {
        try (JsonParser parser = JSON.createParser(payload)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Rejection.of(RejectionReason.NOT_JSON, "payload is empty");
            }
            if (first != JsonToken.START_OBJECT) {
                return Rejection.of(
                        RejectionReason.NOT_AN_OBJECT, "payload is JSON but not an object");
            }
            long seen = 0;
            long now = Long.MIN_VALUE;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                Integer index = fieldIndexes.get(name);
                if (index == null) {
                    return Rejection.ofField(
                            RejectionReason.UNKNOWN_FIELD,
                            printable(name),
                            "is not a field of " + schema.topic());
                }
                int i = index;
                if ((seen & (1L << i)) != 0) {
                    return Rejection.ofField(
                            RejectionReason.DUPLICATE_FIELD, name, "appears more than once");
                }
                seen |= 1L << i;
                JsonToken valueToken = parser.nextToken();
                if (valueToken == JsonToken.VALUE_NULL) {
                    continue; // absent; required fields are checked after the object
                }
                FieldSpec field = fields[i];
                if (field.kind() == FieldKind.TIMESTAMP && now == Long.MIN_VALUE) {
                    now = clock.millis();
                }
                Object value = readValue(parser, valueToken, field, i, now);
                if (value instanceof Rejection r) {
                    return r;
                }
                values[i] = value;
            }
            if (token != JsonToken.END_OBJECT) {
                return Rejection.of(RejectionReason.NOT_JSON, "payload is not well-formed JSON");
            }
            if (parser.nextToken() != null) {
                return Rejection.of(
                        RejectionReason.NOT_JSON, "payload has content after the JSON object");
            }
            return null;
        }
    }

    /** The field's value, or a {@link Rejection}. */
    private Object readValue(JsonParser parser, JsonToken token, FieldSpec field, int i, long now)
            throws IOException {
        String name = field.name();
        FieldKind kind = field.kind();
        if (kind.isInteger()) {
            if (token != JsonToken.VALUE_NUMBER_INT) {
                return mistyped(name, "an integer");
            }
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                boolean negative = parser.getBigIntegerValue().signum() < 0;
                if (kind == FieldKind.TIMESTAMP && !negative) {
                    return Rejection.ofField(
                            RejectionReason.TIME_IN_FUTURE, name, "is far in the future");
                }
                return outOfRange(field, negative);
            }
            long value = parser.getLongValue();
            if (kind == FieldKind.TIMESTAMP) {
                if (value < field.min()) {
                    return Rejection.ofField(
                            RejectionReason.TIME_OUT_OF_RANGE, name, "is before 2000-01-01");
                }
                if (value > now + maxClockSkewMillis) {
                    return Rejection.ofField(
                            RejectionReason.TIME_IN_FUTURE,
                            name,
                            "is more than " + maxClockSkewMillis + " ms in the future");
                }
            } else if (value < field.min() || value > field.max()) {
                return outOfRange(field, value < 0);
            }
            // Not a conditional expression: that would promote the Integer to a Long.
            if (kind == FieldKind.INT) {
                return Integer.valueOf((int) value);
            }
            return Long.valueOf(value);
        }
        if (kind == FieldKind.BOOLEAN) {
            if (token == JsonToken.VALUE_TRUE) {
                return Boolean.TRUE;
            }
            return token == JsonToken.VALUE_FALSE ? Boolean.FALSE : mistyped(name, "a boolean");
        }
        if (token != JsonToken.VALUE_STRING) {
            return mistyped(name, "a string");
        }
        String text = parser.getText();
        switch (kind) {
            case ENUM -> {
                Enum<?> constant = enumValues.get(i).get(text);
                if (constant != null) {
                    return constant;
                }
                return i == schema.discriminatorIndex()
                        ? Rejection.ofField(
                                RejectionReason.UNKNOWN_TYPE,
                                name,
                                "is not an event type of " + schema.topic())
                        : Rejection.ofField(
                                RejectionReason.INVALID_VALUE,
                                name,
                                "is not one of "
                                        + java.util.Arrays.toString(
                                                field.enumType().getEnumConstants()));
            }
            case EVENT_ID -> {
                return Identifiers.isToken(text)
                        ? text
                        : Rejection.ofField(
                                RejectionReason.INVALID_VALUE,
                                name,
                                "must be 1-64 characters of [A-Za-z0-9_.:-]");
            }
            case TEXT -> {
                // Other kinds admit only ASCII shapes; free text could carry an escaped lone
                // surrogate (\\uD800), which is valid JSON but not text.
                if (hasUnpairedSurrogate(text)) {
                    return Rejection.ofField(
                            RejectionReason.INVALID_VALUE,
                            name,
                            "holds an unpaired UTF-16 surrogate");
                }
                return text.length() >= field.min() && text.length() <= field.max()
                        ? text
                        : Rejection.ofField(
                                RejectionReason.INVALID_VALUE,
                                name,
                                "must have " + field.min() + "-" + field.max() + " characters");
            }
            case CURRENCY -> {
                return CURRENCIES.contains(text)
                        ? text
                        : Rejection.ofField(
                                RejectionReason.INVALID_VALUE, name, "is not an ISO 4217 code");
            }
            default -> {
                if (kind == FieldKind.PHONE_OR_SHORT_CODE
                        && !field.required()
                        && PhoneNumbers.isWithheldSpelling(text)) {
                    return null; // "anonymous": no number delivered, as if absent
                }
                String canonical = identifiers.canonical(kind.identifierKind(), text);
                if (canonical == null) {
                    canonical = serviceAddress(kind, text);
                }
                if (canonical != null) {
                    return canonical;
                }
                return switch (kind) {
                    case PHONE ->
                            Rejection.ofField(
                                    RejectionReason.INVALID_E164,
                                    name,
                                    "is not an E.164 phone number");
                    case PHONE_OR_SHORT_CODE ->
                            Rejection.ofField(
                                    RejectionReason.INVALID_E164,
                                    name,
                                    "is neither an E.164 phone number nor a short number of 2-6"
                                            + " digits");
                    case SMS_ADDRESS ->
                            Rejection.ofField(
                                    RejectionReason.INVALID_E164,
                                    name,
                                    "is neither an E.164 phone number, a short code of 2-6 digits"
                                            + " nor a sender name of 1-11 Latin letters, digits"
                                            + " and spaces");
                    default ->
                            Rejection.ofField(
                                    RejectionReason.INVALID_IDENTIFIER,
                                    name,
                                    "is not a valid "
                                            + kind.identifierKind().tag()
                                            + " identifier");
                };
            }
        }
    }

    /** A short number or sender name, in a field whose kind admits one; else {@code null}. */
    private static String serviceAddress(FieldKind kind, String text) {
        return switch (kind) {
            case PHONE_OR_SHORT_CODE -> ServiceAddresses.shortCode(text);
            case SMS_ADDRESS -> {
                String shortCode = ServiceAddresses.shortCode(text);
                yield shortCode != null ? shortCode : ServiceAddresses.senderName(text);
            }
            default -> null;
        };
    }

    private Rejection checkRequired(Object[] values) {
        for (int i = 0; i < fields.length; i++) {
            if (values[i] == null && (requiredMask & (1L << i)) != 0) {
                return Rejection.ofField(
                        RejectionReason.MISSING_FIELD, fields[i].name(), "is required");
            }
        }
        int discriminator = schema.discriminatorIndex();
        if (discriminator >= 0) {
            int[] required = schema.requiredFor((Enum<?>) values[discriminator]);
            if (required != null) {
                for (int i : required) {
                    if (values[i] == null) {
                        return Rejection.ofField(
                                RejectionReason.MISSING_FIELD,
                                fields[i].name(),
                                "is required for type " + values[discriminator]);
                    }
                }
            }
        }
        return null;
    }

    private static Rejection mistyped(String name, String expected) {
        return Rejection.ofField(RejectionReason.MISTYPED_FIELD, name, "must be " + expected);
    }

    private static Rejection outOfRange(FieldSpec field, boolean negative) {
        String range = "must be in [" + field.min() + ", " + field.max() + "]";
        if (field.kind() == FieldKind.AMOUNT) {
            return Rejection.ofField(RejectionReason.AMOUNT_OUT_OF_RANGE, field.name(), range);
        }
        if (field.kind() == FieldKind.TIMESTAMP) {
            return Rejection.ofField(RejectionReason.TIME_OUT_OF_RANGE, field.name(), range);
        }
        if (negative && field.min() >= 0) {
            return Rejection.ofField(
                    RejectionReason.NEGATIVE_VALUE, field.name(), "must not be negative");
        }
        return Rejection.ofField(RejectionReason.VALUE_OUT_OF_RANGE, field.name(), range);
    }

    /**
     * An unknown field name fit to appear in a rejection: only a near miss of a real field (the
     * misspelling case), since an unknown name could be anything, an identifier included.
     */
    private String printable(String name) {
        if (name.length() <= 64 && name.chars().noneMatch(Character::isDigit)) {
            for (FieldSpec field : fields) {
                if (Spelling.withinTwoEdits(name.toLowerCase(), field.name().toLowerCase())) {
                    return name;
                }
            }
        }
        return "(unknown field name)";
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
