package io.convergent.streaming.immunity.functions;

import io.convergent.common.event.schema.EventParser;
import io.convergent.common.event.schema.EventTimes;
import io.convergent.streaming.immunity.SourceRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hands each consumed record on unparsed (parsing happens next to the rules), with its event time
 * read ahead for watermarks. A time further in the future than the parser accepts is dropped to
 * {@link EventTimes#UNKNOWN}: a bad record must not drag its partition's watermark ahead.
 */
public final class SourceRecordDeserializer
        implements KafkaRecordDeserializationSchema<SourceRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
        long eventTime = EventTimes.peek(record.value());
        if (eventTime
                > System.currentTimeMillis() + EventParser.DEFAULT_MAX_CLOCK_SKEW.toMillis()) {
            eventTime = EventTimes.UNKNOWN;
        }
        out.collect(new SourceRecord(record.topic(), record.value(), eventTime));
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}
