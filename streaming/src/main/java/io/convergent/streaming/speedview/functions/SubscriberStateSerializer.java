package io.convergent.streaming.speedview.functions;

import io.convergent.common.state.SubscriberState;
import io.convergent.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A state as a record of {@code subscriber.state}: key = subscriber, value = the state. */
public final class SubscriberStateSerializer
        implements KafkaRecordSerializationSchema<SubscriberState> {

    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            SubscriberState state, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                Topics.SUBSCRIBER_STATE,
                null,
                null,
                state.subscriber.getBytes(StandardCharsets.UTF_8),
                state.toJson());
    }
}
