package io.convergent.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.convergent.common.event.schema.EventParser;
import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.identity.Identifiers;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One input topic: its name, its event type and schema, and its (de)serialisers. Producers write
 * with {@link #serialise}; consumers read with a {@link #parser}.
 */
public final class InputTopic<T extends Record & InputEvent> {

    static final ObjectMapper JSON =
            JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_NULL).build();

    private final EventSchema<T> schema;
    private final ObjectWriter writer;

    InputTopic(EventSchema<T> schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.writer = JSON.writerFor(schema.type());
    }

    public String name() {
        return schema.topic();
    }

    public Class<T> type() {
        return schema.type();
    }

    public EventSchema<T> schema() {
        return schema;
    }

    /** The record's Kafka key: the entity it is about. */
    public String key(T event) {
        return schema.key(event);
    }

    /** A parser with the default limits on the system clock. */
    public EventParser<T> parser(Identifiers identifiers) {
        return new EventParser<>(schema, identifiers);
    }

    /** The record as the UTF-8 JSON the topic carries (absent optional fields left out). */
    public byte[] serialise(T event) {
        try {
            return writer.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a " + type().getSimpleName(), e);
        }
    }

    public String serialiseToString(T event) {
        return new String(serialise(event), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "InputTopic[" + name() + "]";
    }
}
