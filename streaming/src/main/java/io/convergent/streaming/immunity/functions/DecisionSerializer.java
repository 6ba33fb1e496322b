package io.convergent.streaming.immunity.functions;

import io.convergent.common.immunity.ImmunityDecision;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A decision as a record of {@code topic}: key = call id, value = its JSON payload. */
public final class DecisionSerializer implements KafkaRecordSerializationSchema<ImmunityDecision> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public DecisionSerializer(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            ImmunityDecision decision, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic,
                null,
                timestamp,
                decision.callId().getBytes(StandardCharsets.UTF_8),
                decision.toJson());
    }
}
