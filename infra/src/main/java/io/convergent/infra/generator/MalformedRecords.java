package io.convergent.infra.generator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.schema.EventParser;
import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.event.schema.RejectionReason;
import io.convergent.common.topic.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Turns a valid event into a record the ingest must refuse, for a chosen {@link RejectionReason}:
 * the faults real producers make (a truncated write, a batch wrapped in an array, seconds or
 * microseconds for milliseconds, a misspelt field, a Windows-1251 string, a domestic number
 * spelling that is too short). Each record has exactly one fault, so the parser's verdict is the
 * labelled reason.
 *
 * <p>Not every reason fits every topic (calls have no event type to get wrong; SMS carry no
 * identifier but phone numbers): {@link #applicable} says which do.
 */
final class MalformedRecords {

    /** A bad record for {@code topic}, the reason the parser gives, and the original's key. */
    record Malformed(String topic, byte[] key, byte[] value, RejectionReason reason) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] WINDOWS_1251_PRIVET = {
        (byte) 0xCF, (byte) 0xF0, (byte) 0xE8, (byte) 0xE2, (byte) 0xE5, (byte) 0xF2
    };
    private static final Set<RejectionReason> EVERY_TOPIC =
            EnumSet.of(
                    RejectionReason.OVERSIZE_PAYLOAD,
                    RejectionReason.NOT_UTF8,
                    RejectionReason.NOT_JSON,
                    RejectionReason.NOT_AN_OBJECT,
                    RejectionReason.UNKNOWN_FIELD,
                    RejectionReason.DUPLICATE_FIELD,
                    RejectionReason.MISSING_FIELD,
                    RejectionReason.MISTYPED_FIELD,
                    RejectionReason.INVALID_VALUE,
                    RejectionReason.INVALID_E164,
                    RejectionReason.TIME_IN_FUTURE,
                    RejectionReason.TIME_OUT_OF_RANGE);

    /** Per topic: the type field and wrong types for it. */
    private static final Map<String, Fault> UNKNOWN_TYPES =
            Map.of(
                    Topics.TELCO_NETWORK, new Fault("type", "SIM_CHANGE"),
                    Topics.TELCO_BILLING, new Fault("type", "REFUND"),
                    Topics.TELCO_COMPLAINTS, new Fault("category", "ROBOCALL"),
                    Topics.BANK_TRANSACTIONS, new Fault("type", "cash_withdrawal"),
                    Topics.BANK_SESSIONS, new Fault("type", "PASSWORD_RESET"),
                    Topics.BANK_PRODUCTS, new Fault("type", "SUSPENDED"));

    /** Per topic: an identifier field other than a phone number, and a value of the wrong shape. */
    private static final Map<String, Fault> BAD_IDENTIFIERS =
            Map.of(
                    Topics.TELCO_CALLS, new Fault("callingImsi", "25062ABC"),
                    Topics.TELCO_DATA, new Fault("imsi", "2506212"),
                    Topics.TELCO_NETWORK, new Fault("imsi", "IMSI-UNKNOWN"),
                    Topics.BANK_TRANSACTIONS, new Fault("customerId", "C 0042"),
                    Topics.BANK_SESSIONS, new Fault("deviceId", "dev#42"),
                    Topics.BANK_PRODUCTS, new Fault("customerId", "C/0042"));

    /** Per topic: a count or code that must not be negative. */
    private static final Map<String, Fault> NEGATIVES =
            Map.of(
                    Topics.TELCO_SMS, new Fault("segments", -1),
                    Topics.TELCO_DATA, new Fault("bytesUplink", -512),
                    Topics.TELCO_NETWORK, new Fault("mcc", -250),
                    Topics.BANK_TRANSACTIONS, new Fault("merchantCategoryCode", -1));

    /** Per topic: a number beyond its field's maximum. */
    private static final Map<String, Fault> OUT_OF_RANGE =
            Map.of(
                    Topics.TELCO_SMS, new Fault("segments", 300),
                    Topics.TELCO_DATA, new Fault("visitedMcc", 2500),
                    Topics.TELCO_NETWORK, new Fault("mnc", 1000),
                    Topics.BANK_TRANSACTIONS, new Fault("merchantCategoryCode", 54110));

    /** Per topic: a money amount outside the allowed range. */
    private static final Map<String, Fault> BAD_AMOUNTS =
            Map.of(
                    Topics.TELCO_BILLING, new Fault("amountMinor", -10_000),
                    Topics.BANK_TRANSACTIONS, new Fault("amountMinor", 0));

    /** A field to set and the faulty value. */
    private record Fault(String field, Object value) {}

    private MalformedRecords() {}

    /** The reasons a malformed record of {@code topic} can be made for. */
    static Set<RejectionReason> applicable(String topic) {
        Set<RejectionReason> reasons = EnumSet.copyOf(EVERY_TOPIC);
        addIf(reasons, UNKNOWN_TYPES, topic, RejectionReason.UNKNOWN_TYPE);
        addIf(reasons, BAD_IDENTIFIERS, topic, RejectionReason.INVALID_IDENTIFIER);
        addIf(reasons, NEGATIVES, topic, RejectionReason.NEGATIVE_VALUE);
        addIf(reasons, OUT_OF_RANGE, topic, RejectionReason.VALUE_OUT_OF_RANGE);
        addIf(reasons, BAD_AMOUNTS, topic, RejectionReason.AMOUNT_OUT_OF_RANGE);
        if (topic.equals(Topics.TELCO_CALLS) || topic.equals(Topics.TELCO_DATA)) {
            reasons.add(RejectionReason.END_BEFORE_START);
        }
        return reasons;
    }

    /** A malformed record made from {@code event}, for a reason drawn among those that apply. */
    static Malformed any(InputEvent event, SplittableRandom rng) {
        List<RejectionReason> reasons = new ArrayList<>(applicable(EventCodec.topic(event).name()));
        return of(event, reasons.get(rng.nextInt(reasons.size())), rng);
    }

    /** A malformed record made from {@code event} that the parser refuses for {@code reason}. */
    static Malformed of(InputEvent event, RejectionReason reason, SplittableRandom rng) {
        InputTopic<?> topic = EventCodec.topic(event);
        String name = topic.name();
        if (!applicable(name).contains(reason)) {
            throw new IllegalArgumentException(
                    "no malformed " + name + " record is made for " + reason);
        }
        byte[] valid = EventCodec.value(event);
        byte[] key = EventCodec.key(event);
        byte[] value =
                switch (reason) {
                    case OVERSIZE_PAYLOAD -> oversize(valid, rng);
                    case NOT_UTF8 -> notUtf8(valid);
                    case NOT_JSON -> notJson(valid, event, rng);
                    case NOT_AN_OBJECT -> notAnObject(valid, rng);
                    case UNKNOWN_TYPE -> set(valid, UNKNOWN_TYPES.get(name));
                    case UNKNOWN_FIELD -> unknownField(valid, rng);
                    case DUPLICATE_FIELD -> duplicateField(valid, event);
                    case MISSING_FIELD -> missingField(valid, topic, rng);
                    case MISTYPED_FIELD -> mistyped(valid, event, rng);
                    case INVALID_VALUE ->
                            set(valid, new Fault("eventId", event.eventId() + " copy"));
                    case INVALID_E164 ->
                            set(
                                    valid,
                                    new Fault(
                                            topic.schema().keyField(),
                                            rng.nextBoolean() ? "+7 958 123" : "8-800-CALL-NOW"));
                    case INVALID_IDENTIFIER -> set(valid, BAD_IDENTIFIERS.get(name));
                    case NEGATIVE_VALUE -> set(valid, NEGATIVES.get(name));
                    case VALUE_OUT_OF_RANGE -> set(valid, OUT_OF_RANGE.get(name));
                    case AMOUNT_OUT_OF_RANGE -> set(valid, BAD_AMOUNTS.get(name));
                    case END_BEFORE_START -> endBeforeStart(valid, rng);
                    // Microseconds for milliseconds: a thousand times too far ahead.
                    case TIME_IN_FUTURE ->
                            set(valid, new Fault("eventTime", event.eventTime() * 1000));
                    // Seconds for milliseconds: back in 1970.
                    case TIME_OUT_OF_RANGE ->
                            set(valid, new Fault("eventTime", event.eventTime() / 1000));
                };
        return new Malformed(name, key, value, reason);
    }

    private static void addIf(
            Set<RejectionReason> reasons,
            Map<String, Fault> faults,
            String topic,
            RejectionReason reason) {
        if (faults.containsKey(topic)) {
            reasons.add(reason);
        }
    }

    private static byte[] oversize(byte[] valid, SplittableRandom rng) {
        // Valid JSON padded with whitespace past the limit: only the size is wrong.
        int padding = EventParser.DEFAULT_MAX_PAYLOAD_BYTES + 1 + rng.nextInt(4_096);
        byte[] out = new byte[valid.length + padding];
        out[0] = valid[0];
        java.util.Arrays.fill(out, 1, 1 + padding, (byte) ' ');
        System.arraycopy(valid, 1, out, 1 + padding, valid.length - 1);
        return out;
    }

    private static byte[] notUtf8(byte[] valid) {
        // A producer that wrote a Cyrillic word in Windows-1251 into the id.
        int at = indexOf(valid, "\"eventId\":\"") + "\"eventId\":\"".length();
        byte[] out = new byte[valid.length + WINDOWS_1251_PRIVET.length];
        System.arraycopy(valid, 0, out, 0, at);
        System.arraycopy(WINDOWS_1251_PRIVET, 0, out, at, WINDOWS_1251_PRIVET.length);
        System.arraycopy(valid, at, out, at + WINDOWS_1251_PRIVET.length, valid.length - at);
        return out;
    }

    private static byte[] notJson(byte[] valid, InputEvent event, SplittableRandom rng) {
        String json = new String(valid, StandardCharsets.UTF_8);
        return switch (rng.nextInt(3)) {
            // A write cut short: the closing brace lost, a dangling comma left.
            case 0 -> ascii(json.substring(0, json.length() - 1) + ",");
            // Two records in one message.
            case 1 -> ascii(json + json);
            // A key=value log line sent to the wrong topic.
            default -> ascii("eventId=" + event.eventId() + ";eventTime=" + event.eventTime());
        };
    }

    private static byte[] notAnObject(byte[] valid, SplittableRandom rng) {
        String json = new String(valid, StandardCharsets.UTF_8);
        if (rng.nextBoolean()) {
            return ascii("[" + json + "]"); // a batch producer's array
        }
        try {
            return JSON.writeValueAsBytes(json); // encoded twice: a JSON string
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a string", e);
        }
    }

    private static byte[] unknownField(byte[] valid, SplittableRandom rng) {
        String[] misspellings = {"eventID", "event_time", "sourceSystem", "schemaVersion"};
        return set(valid, new Fault(misspellings[rng.nextInt(misspellings.length)], "x"));
    }

    private static byte[] duplicateField(byte[] valid, InputEvent event) {
        String json = new String(valid, StandardCharsets.UTF_8);
        return ascii("{\"eventId\":\"" + event.eventId() + "\"," + json.substring(1));
    }

    private static byte[] missingField(byte[] valid, InputTopic<?> topic, SplittableRandom rng) {
        ObjectNode node = read(valid);
        switch (rng.nextInt(3)) {
            case 0 -> node.remove("eventTime");
            case 1 -> node.remove("eventId");
            default -> node.putNull(keyOrRequiredField(topic));
        }
        return write(node);
    }

    /**
     * The topic's key field when it is required, else its first required field after the common
     * ones: a null there is always a missing field (a call's A-number may be withheld).
     */
    private static String keyOrRequiredField(InputTopic<?> topic) {
        EventSchema<?> schema = topic.schema();
        for (FieldSpec field : schema.fields()) {
            if (field.name().equals(schema.keyField()) && field.required()) {
                return field.name();
            }
        }
        return schema.fields().stream()
                .filter(FieldSpec::required)
                .map(FieldSpec::name)
                .filter(name -> !name.equals("eventId") && !name.equals("eventTime"))
                .findFirst()
                .orElseThrow();
    }

    private static byte[] mistyped(byte[] valid, InputEvent event, SplittableRandom rng) {
        ObjectNode node = read(valid);
        if (rng.nextBoolean()) {
            node.put("eventTime", java.time.Instant.ofEpochMilli(event.eventTime()).toString());
        } else {
            node.put("eventTime", event.eventTime() / 1000.0);
        }
        return write(node);
    }

    private static byte[] endBeforeStart(byte[] valid, SplittableRandom rng) {
        ObjectNode node = read(valid);
        long start = node.get("startTime").asLong();
        node.put("endTime", start - rng.nextLong(Times.SECOND, Times.MINUTE));
        return write(node);
    }

    private static byte[] set(byte[] valid, Fault fault) {
        ObjectNode node = read(valid);
        Object value = fault.value();
        if (value instanceof String text) {
            node.put(fault.field(), text);
        } else if (value instanceof Integer number) {
            node.put(fault.field(), number);
        } else if (value instanceof Long number) {
            node.put(fault.field(), number);
        } else {
            throw new IllegalArgumentException("unsupported fault value " + value.getClass());
        }
        return write(node);
    }

    private static ObjectNode read(byte[] json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a serialised event", e);
        }
    }

    private static byte[] write(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("serialised event has no " + needle);
    }
}
