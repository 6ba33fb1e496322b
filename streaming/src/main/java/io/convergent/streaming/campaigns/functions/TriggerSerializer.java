package io.convergent.streaming.campaigns.functions;

import io.convergent.common.campaigns.CampaignTrigger;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A sent trigger as its {@code crm.triggers} record, keyed by the subscriber. */
public final class TriggerSerializer implements KafkaRecordSerializationSchema<CampaignTrigger> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public TriggerSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            CampaignTrigger trigger, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic,
                null,
                null,
                trigger.subscriber().getBytes(StandardCharsets.UTF_8),
                trigger.toJson());
    }
}
