package io.convergent.streaming.immunity.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.schema.EventParser;
import io.convergent.common.event.schema.ParseResult;
import io.convergent.common.event.schema.Rejection;
import io.convergent.common.event.schema.RejectionReason;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.streaming.immunity.SourceRecord;
import java.io.IOException;

/**
 * A call record rejected only because its caller id is not a number (neither E.164 nor a short
 * number): the call as it is without one, and the id as presented. The switch still waits for a
 * verdict on such a call, which {@link CallerIdScreening} blocks.
 *
 * @param presented the caller id exactly as presented; only ever pseudonymised
 */
record InvalidCallerId(CallEvent call, String presented) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALLING_NUMBER = "callingNumber";

    /**
     * The call of {@code record} without its caller id, if {@code rejection} is about the caller id
     * alone (the record parses once the id is taken out); else {@code null}.
     */
    static InvalidCallerId of(
            Rejection rejection,
            SourceRecord record,
            EventParser<CallEvent> parser,
            Pseudonymiser pseudonymiser) {
        if (rejection.reason() != RejectionReason.INVALID_E164
                || !CALLING_NUMBER.equals(rejection.field())) {
            return null;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(record.value());
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!(tree instanceof ObjectNode call) || !call.path(CALLING_NUMBER).isTextual()) {
            return null;
        }
        String presented = call.get(CALLING_NUMBER).asText();
        call.remove(CALLING_NUMBER);
        ParseResult<CallEvent> withoutId;
        try {
            withoutId = parser.parseKeepingIdentifiers(JSON.writeValueAsBytes(call), pseudonymiser);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return withoutId.accepted() ? new InvalidCallerId(withoutId.event(), presented) : null;
    }
}
