package io.convergent.streaming.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.schema.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** A rejected record as the {@code events.dlq} record an operator can inspect and replay. */
class DeadLetterSerializerTest {

    private static final byte[] PAYLOAD =
            "{\"eventId\":\"call-1\",\"callingNumber\":\"+7 958 bad\"}"
                    .getBytes(StandardCharsets.UTF_8);

    private final DeadLetterSerializer serializer = new DeadLetterSerializer();

    @Test
    void writesTheRawBytesToTheDeadLetterTopicKeyedBySource() {
        RejectedRecord rejected = rejected("callingNumber");

        // The serializer does not use the sink context.
        ProducerRecord<byte[], byte[]> record = serializer.serialize(rejected, null, null);

        assertThat(record.topic()).isEqualTo("events.dlq");
        assertThat(record.partition()).isNull();
        assertThat(record.value()).isEqualTo(PAYLOAD);
        assertThat(new String(record.key(), StandardCharsets.UTF_8))
                .isEqualTo("telco.calls/3/1234");
        assertThat(record.timestamp()).isEqualTo(1_772_442_000_000L);
    }

    @Test
    void headersCarryTheReasonAndTheSource() {
        ProducerRecord<byte[], byte[]> record =
                serializer.serialize(rejected("callingNumber"), null, null);

        assertThat(header(record, DeadLetterSerializer.REASON_HEADER)).isEqualTo("INVALID_E164");
        assertThat(header(record, DeadLetterSerializer.DETAIL_HEADER))
                .isEqualTo("callingNumber: is not an E.164 phone number");
        assertThat(header(record, DeadLetterSerializer.TOPIC_HEADER)).isEqualTo("telco.calls");
        assertThat(header(record, DeadLetterSerializer.PARTITION_HEADER)).isEqualTo("3");
        assertThat(header(record, DeadLetterSerializer.OFFSET_HEADER)).isEqualTo("1234");
        assertThat(header(record, DeadLetterSerializer.FIELD_HEADER)).isEqualTo("callingNumber");
        assertThat(headerNames(record))
                .containsExactlyInAnyOrder(
                        "convergent.rejection.reason",
                        "convergent.rejection.detail",
                        "convergent.rejection.field",
                        "convergent.source.topic",
                        "convergent.source.partition",
                        "convergent.source.offset");
    }

    @Test
    void leavesTheFieldHeaderOutWhenNoFieldIsAtFault() {
        RejectedRecord rejected = rejected(null);
        rejected.reason = RejectionReason.NOT_JSON;
        rejected.detail = "payload is not well-formed JSON";

        ProducerRecord<byte[], byte[]> record = serializer.serialize(rejected, null, null);

        assertThat(record.headers().lastHeader(DeadLetterSerializer.FIELD_HEADER)).isNull();
        assertThat(header(record, DeadLetterSerializer.REASON_HEADER)).isEqualTo("NOT_JSON");
        assertThat(headerNames(record)).hasSize(5);
    }

    @Test
    void keepsAMissingPayloadMissing() {
        RejectedRecord rejected = rejected(null);
        rejected.payload = null;

        ProducerRecord<byte[], byte[]> record = serializer.serialize(rejected, null, null);

        assertThat(record.value()).isNull();
        assertThat(new String(record.key(), StandardCharsets.UTF_8))
                .isEqualTo("telco.calls/3/1234");
    }

    @Test
    void theSourceKeyNamesTopicPartitionAndOffset() {
        RejectedRecord rejected = rejected(null);
        rejected.topic = "bank.transactions";
        rejected.partition = 0;
        rejected.offset = 9_000_000_001L;

        assertThat(DeadLetterSerializer.sourceKey(rejected))
                .isEqualTo("bank.transactions/0/9000000001");
    }

    @Test
    void aRecordWithoutATimestampGoesOutWithoutOne() {
        RejectedRecord noTimestamp = rejected(null);
        noTimestamp.kafkaTimestamp = -1; // what Kafka reports for old message formats
        ProducerRecord<byte[], byte[]> letter =
                new DeadLetterSerializer().serialize(noTimestamp, null, null);
        assertThat(letter.timestamp()).isNull();
        assertThat(letter.value()).isEqualTo(PAYLOAD);
    }

    private static RejectedRecord rejected(String field) {
        RejectedRecord rejected = new RejectedRecord();
        rejected.topic = "telco.calls";
        rejected.partition = 3;
        rejected.offset = 1234L;
        rejected.kafkaTimestamp = 1_772_442_000_000L;
        rejected.reason = RejectionReason.INVALID_E164;
        rejected.field = field;
        rejected.detail = "callingNumber: is not an E.164 phone number";
        rejected.payload = PAYLOAD;
        return rejected;
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<String> headerNames(ProducerRecord<byte[], byte[]> record) {
        List<String> names = new ArrayList<>();
        record.headers().forEach(h -> names.add(h.key()));
        return names;
    }
}
