package io.convergent.streaming.campaigns.functions;

import io.convergent.streaming.campaigns.CampaignControl;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A {@code control.campaigns} record as id and definition; a record without a key is skipped. */
public final class CampaignControlDeserializer
        implements KafkaRecordDeserializationSchema<CampaignControl> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<CampaignControl> out) {
        if (record.key() == null) {
            return;
        }
        out.collect(
                new CampaignControl(
                        new String(record.key(), StandardCharsets.UTF_8), record.value()));
    }

    @Override
    public TypeInformation<CampaignControl> getProducedType() {
        return TypeInformation.of(CampaignControl.class);
    }
}
