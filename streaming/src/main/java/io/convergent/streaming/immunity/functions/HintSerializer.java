package io.convergent.streaming.immunity.functions;

import io.convergent.common.immunity.ImmunityHint;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A hint as a record of {@code topic}: key = the called subscriber, value = its JSON payload. */
public final class HintSerializer implements KafkaRecordSerializationSchema<ImmunityHint> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public HintSerializer(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            ImmunityHint hint, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic,
                null,
                timestamp,
                hint.subscriber().getBytes(StandardCharsets.UTF_8),
                hint.toJson());
    }
}
