package io.convergent.streaming.immunity.fraud;

import io.convergent.common.fraud.FraudSignal;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A fraud signal as JSON, keyed by the customer's pseudonym (one customer's signals in order). */
public final class FraudSignalSerializer implements KafkaRecordSerializationSchema<FraudSignal> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public FraudSignalSerializer(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            FraudSignal signal, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic,
                null,
                timestamp,
                signal.customer().getBytes(StandardCharsets.UTF_8),
                signal.toJson());
    }
}
