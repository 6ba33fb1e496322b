package io.convergent.common.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.convergent.common.event.schema.EventParser;
import io.convergent.common.event.schema.FieldKind;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.identity.Identifiers;
import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What may be kept of a rejected record for diagnosis: its structure and harmless values, never an
 * identifier. The {@code rejected_events} table stores this instead of the raw bytes.
 *
 * <p>Rules, applied to a top-level JSON object (anything else keeps only its size):
 *
 * <ul>
 *   <li>a field the topic's schema declares as an identifier: its value becomes {@code
 *       "<redacted:kind>"}, whatever its JSON type;
 *   <li>a string in a field the schema does not know (misspelt or extra): it becomes {@code
 *       "<redacted:unknown-field>"}, since it can hold any identifier, an opaque customer or device
 *       id included; its name is kept;
 *   <li>any other string: runs of five or more digits become {@code "#"}s, a phone, card or account
 *       number where text belongs;
 *   <li>a number in an unknown field, or a known one whose kind is not numeric, becomes {@code
 *       "<redacted:number>"} (a phone number sent as a JSON number, say); numbers in known numeric
 *       fields (times, amounts, counts) are kept, unless the number could be an identifier (a phone
 *       or card number in the amount: rejected records are where misplaced values land), or is
 *       longer than such a field holds (ten digits or more; fourteen in a time);
 *   <li>unknown field names with digits become {@code "<field>"}; nested objects and arrays become
 *       {@code "<redacted:nested>"};
 *   <li>malformed JSON, non-UTF-8 bytes or an oversize payload keep only {@code "<unparseable N
 *       bytes>"}.
 * </ul>
 *
 * The result is bounded in size and never throws.
 */
public final class PayloadScrubber {

    /** Longest scrubbed text kept; a rejected record is evidence, not a copy. */
    public static final int MAX_SCRUBBED_CHARS = 4_096;

    /**
     * A digit run, with the separators people write numbers with: {@code +7 (912) 345-67-89}, and
     * those text copied from elsewhere carries (a no-break space, a non-breaking hyphen, a minus
     * sign, {@code /}, {@code _}, a comma, a tab or a line break) or hides (a soft hyphen, a
     * zero-width space: format characters); digits of any script, outside the basic plane too.
     */
    private static final Pattern NUMBER_LIKE =
            Pattern.compile("\\+?\\p{Nd}[\\p{Nd}\\p{Zs}\\p{Pd}\\p{Cf}\\s()./_,\\u2212]*\\p{Nd}");

    private static final int MIN_REDACTED_DIGITS = 5;
    private static final JsonFactory JSON =
            JsonFactory.builder()
                    .streamReadConstraints(
                            StreamReadConstraints.builder().maxNestingDepth(8).build())
                    .build();

    private static final Identifiers IDENTIFIERS = Identifiers.russian();

    private final Map<String, Map<String, FieldSpec>> fieldsByTopic = new HashMap<>();

    public PayloadScrubber() {
        for (InputTopic<?> topic : InputTopics.all()) {
            Map<String, FieldSpec> fields = new HashMap<>();
            for (FieldSpec field : topic.schema().fields()) {
                fields.put(field.name(), field);
            }
            fieldsByTopic.put(topic.name(), Map.copyOf(fields));
        }
    }

    /** The scrubbed form of {@code payload}, read from {@code topic}. */
    public String scrub(String topic, byte[] payload) {
        if (payload == null) {
            return "<no payload>";
        }
        if (payload.length > EventParser.DEFAULT_MAX_PAYLOAD_BYTES || !isUtf8(payload)) {
            return unparseable(payload);
        }
        Map<String, FieldSpec> fields = fieldsByTopic.getOrDefault(topic, Map.of());
        StringWriter out = new StringWriter();
        try (JsonParser parser = JSON.createParser(payload);
                JsonGenerator generator = JSON.createGenerator(out)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return unparseable(payload);
            }
            generator.writeStartObject();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                FieldSpec field = fields.get(name);
                generator.writeFieldName(
                        field != null || !containsDigit(name) ? shortened(name) : "<field>");
                writeValue(parser, parser.nextToken(), field, generator);
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return unparseable(payload);
            }
            generator.writeEndObject();
        } catch (IOException | RuntimeException e) {
            return unparseable(payload);
        }
        String scrubbed = out.toString();
        return scrubbed.length() <= MAX_SCRUBBED_CHARS
                ? scrubbed
                : scrubbed.substring(0, MAX_SCRUBBED_CHARS) + "<truncated>";
    }

    private static void writeValue(
            JsonParser parser, JsonToken token, FieldSpec field, JsonGenerator generator)
            throws IOException {
        if (field != null && field.kind().isIdentifier()) {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                parser.skipChildren();
            }
            generator.writeString("<redacted:" + field.kind().identifierKind().tag() + ">");
            return;
        }
        switch (token) {
            case START_OBJECT, START_ARRAY -> {
                parser.skipChildren();
                generator.writeString("<redacted:nested>");
            }
            // A field the schema does not know (a misspelt "msisdm", "device_id") may hold any
            // identifier, an opaque customer or device id included: its name is kept, not its
            // value.
            case VALUE_STRING ->
                    generator.writeString(
                            field == null
                                    ? "<redacted:unknown-field>"
                                    : redactDigits(shortened(parser.getText())));
            // Only a plain whole number in a numeric field is kept, and only if it could not be an
            // identifier. A fraction or an exponent there is a fault already named by the reason,
            // and its digits are not worth working out (1e-300000000 would take minutes).
            case VALUE_NUMBER_INT -> {
                String number = parser.getText();
                if (field != null
                        && isNumeric(field.kind())
                        && isOrdinary(field.kind(), number)
                        && !IDENTIFIERS.couldBeAnIdentifier(number)) {
                    generator.writeNumber(number);
                } else {
                    generator.writeString("<redacted:number>");
                }
            }
            case VALUE_NUMBER_FLOAT -> generator.writeString("<redacted:number>");
            case VALUE_TRUE, VALUE_FALSE -> generator.writeBoolean(token == JsonToken.VALUE_TRUE);
            default -> generator.writeNull();
        }
    }

    /**
     * Masks every number-like run of five or more digits, separators included: text that may hold a
     * phone, card or account number, wherever the platform keeps free text.
     */
    public static String redactDigits(String text) {
        return NUMBER_LIKE
                .matcher(text)
                .replaceAll(
                        m -> {
                            String run = m.group();
                            long digits = run.codePoints().filter(Character::isDigit).count();
                            return digits >= MIN_REDACTED_DIGITS ? "#".repeat(run.length()) : run;
                        });
    }

    /**
     * Whether {@code number} (a plain integer) is of a size its numeric field holds: epoch
     * milliseconds for a time (13 digits at most, until the year 2286), under ten digits for
     * anything else. A longer one in a rejected record is a misplaced value more often than a
     * count, and may be a number {@link Identifiers#couldBeAnIdentifier} does not recognise (a
     * foreign number without its {@code +}, a landline without its trunk prefix).
     */
    private static boolean isOrdinary(FieldKind kind, String number) {
        int digits = number.startsWith("-") ? number.length() - 1 : number.length();
        return digits <= (kind == FieldKind.TIMESTAMP ? 13 : 9);
    }

    private static boolean isNumeric(FieldKind kind) {
        return kind == FieldKind.TIMESTAMP
                || kind == FieldKind.LONG
                || kind == FieldKind.INT
                || kind == FieldKind.AMOUNT;
    }

    private static String shortened(String text) {
        return text.length() <= 256 ? text : text.substring(0, 256) + "...";
    }

    private static boolean containsDigit(String name) {
        return name.codePoints().anyMatch(Character::isDigit);
    }

    private static boolean isUtf8(byte[] payload) {
        try {
            java.nio.charset.StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(payload));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static String unparseable(byte[] payload) {
        return "<unparseable " + payload.length + " bytes>";
    }
}
