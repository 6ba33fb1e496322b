package io.convergent.common.event.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads an input record's {@code eventTime} without parsing the rest: what a source needs for
 * event-time watermarks before the record is validated. Stops at the field, so it costs a fraction
 * of a full parse. Not a validation: the full parse may still reject the record.
 */
public final class EventTimes {

    /** Returned when the payload holds no top-level integer {@code eventTime}. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private static final JsonFactory JSON = new JsonFactory();
    private static final String FIELD = "eventTime";

    private EventTimes() {}

    public static long peek(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return UNKNOWN;
        }
        try (JsonParser parser = JSON.createParser(payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return UNKNOWN;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (FIELD.equals(name)) {
                    if (value != JsonToken.VALUE_NUMBER_INT
                            || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        return UNKNOWN;
                    }
                    return parser.getLongValue();
                }
                parser.skipChildren();
            }
            return UNKNOWN;
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
