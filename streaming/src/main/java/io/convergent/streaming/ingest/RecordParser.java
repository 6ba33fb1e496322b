package io.convergent.streaming.ingest;

import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.schema.EventParser;
import io.convergent.common.event.schema.ParseResult;
import io.convergent.common.event.schema.Rejection;
import io.convergent.common.event.schema.RejectionReason;
import io.convergent.common.identity.Pseudonymiser;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The ingest step for one consumed record: strict parse, validation and pseudonymisation with the
 * {@code common} code, into an {@link IngestRecord}. Never throws: whatever goes wrong with one
 * record becomes its rejection.
 */
public final class RecordParser {

    private final Map<String, EventParser<?>> parsers = new HashMap<>();
    private final Pseudonymiser pseudonymiser;

    public RecordParser(Pseudonymiser pseudonymiser) {
        this.pseudonymiser = Objects.requireNonNull(pseudonymiser, "pseudonymiser");
        for (InputTopic<?> topic : InputTopics.all()) {
            parsers.put(topic.name(), topic.parser(pseudonymiser.identifiers()));
        }
    }

    public IngestRecord parse(
            String topic, int partition, long offset, long kafkaTimestamp, byte[] payload) {
        EventParser<?> parser = parsers.get(topic);
        if (parser == null) {
            return IngestRecord.rejected(
                    topic,
                    partition,
                    offset,
                    kafkaTimestamp,
                    Rejection.of(RejectionReason.UNKNOWN_TYPE, "no event schema for this topic"),
                    payload);
        }
        ParseResult<?> result;
        try {
            result = parser.parse(payload, pseudonymiser);
        } catch (RuntimeException e) {
            // The parser promises never to throw; if it does, that is our bug, and one record
            // must still not stop the job. Only the exception's type is kept: its message could
            // quote the payload.
            result =
                    ParseResult.rejected(
                            Rejection.of(
                                    RejectionReason.NOT_JSON,
                                    "the parser failed on this record ("
                                            + e.getClass().getSimpleName()
                                            + ")"));
        }
        if (result.accepted()) {
            return IngestRecord.accepted(
                    topic, partition, offset, kafkaTimestamp, (InputEvent) result.event());
        }
        return IngestRecord.rejected(
                topic, partition, offset, kafkaTimestamp, result.rejection(), payload);
    }
}
