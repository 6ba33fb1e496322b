package io.convergent.streaming.deadletter;

import io.convergent.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A rejected record as it goes to {@code events.dlq}: the value is the raw bytes exactly as read
 * (so an operator can fix and replay them), the key names the source coordinates ({@code
 * topic/partition/offset}, also the id consumers de-duplicate on: the sink is at-least-once), and
 * headers carry the reason and the coordinates, in the manner of Kafka Connect's dead-letter
 * headers.
 */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<RejectedRecord> {

    private static final long serialVersionUID = 1L;

    public static final String REASON_HEADER = "convergent.rejection.reason";
    public static final String FIELD_HEADER = "convergent.rejection.field";
    public static final String DETAIL_HEADER = "convergent.rejection.detail";
    public static final String TOPIC_HEADER = "convergent.source.topic";
    public static final String PARTITION_HEADER = "convergent.source.partition";
    public static final String OFFSET_HEADER = "convergent.source.offset";

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            RejectedRecord rejected, KafkaSinkContext context, Long timestamp) {
        List<Header> headers =
                new java.util.ArrayList<>(
                        List.of(
                                header(REASON_HEADER, rejected.reason.name()),
                                header(DETAIL_HEADER, rejected.detail),
                                header(TOPIC_HEADER, rejected.topic),
                                header(PARTITION_HEADER, Integer.toString(rejected.partition)),
                                header(OFFSET_HEADER, Long.toString(rejected.offset))));
        if (rejected.field != null) {
            headers.add(header(FIELD_HEADER, rejected.field));
        }
        return new ProducerRecord<>(
                Topics.EVENTS_DLQ,
                null,
                // Records without a timestamp (old message formats) say -1, which a producer
                // refuses.
                rejected.kafkaTimestamp >= 0 ? rejected.kafkaTimestamp : null,
                sourceKey(rejected).getBytes(StandardCharsets.UTF_8),
                rejected.payload,
                headers);
    }

    /** {@code telco.calls/3/1234}: where the record was read. */
    public static String sourceKey(RejectedRecord rejected) {
        return rejected.topic + "/" + rejected.partition + "/" + rejected.offset;
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
