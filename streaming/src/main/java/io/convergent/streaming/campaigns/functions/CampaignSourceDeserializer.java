package io.convergent.streaming.campaigns.functions;

import io.convergent.common.event.schema.EventParser;
import io.convergent.common.event.schema.EventTimes;
import io.convergent.common.topic.Topics;
import io.convergent.streaming.campaigns.CampaignSource;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hands each consumed record on unparsed, with an input record's event time read ahead for
 * watermarks; keeps the key only where it is a pseudonym (the scores and the contact preferences),
 * so an input topic's raw number never enters the job.
 */
public final class CampaignSourceDeserializer
        implements KafkaRecordDeserializationSchema<CampaignSource> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<CampaignSource> out) {
        boolean pseudonymKeyed =
                Topics.CONTROL_CONTACT_PREFERENCES.equals(record.topic())
                        || Topics.SCORES_REALTIME.equals(record.topic());
        String key =
                pseudonymKeyed && record.key() != null
                        ? new String(record.key(), StandardCharsets.UTF_8)
                        : null;
        if (record.value() == null && key == null) {
            return;
        }
        long eventTime = EventTimes.UNKNOWN;
        if (!pseudonymKeyed && record.value() != null) {
            eventTime = EventTimes.peek(record.value());
            // A time further ahead than the parser accepts must not drag the watermark along.
            if (eventTime
                    > System.currentTimeMillis() + EventParser.DEFAULT_MAX_CLOCK_SKEW.toMillis()) {
                eventTime = EventTimes.UNKNOWN;
            }
        }
        out.collect(
                new CampaignSource(
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp(),
                        key,
                        record.value(),
                        eventTime));
    }

    @Override
    public TypeInformation<CampaignSource> getProducedType() {
        return TypeInformation.of(CampaignSource.class);
    }
}
