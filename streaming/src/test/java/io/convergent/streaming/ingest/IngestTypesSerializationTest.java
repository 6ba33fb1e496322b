package io.convergent.streaming.ingest;

import static io.convergent.streaming.testing.FlinkSerialization.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopics;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKey;
import io.convergent.common.identity.PseudonymKeyRing;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.testing.SampleEvents;
import io.convergent.streaming.deadletter.RejectedRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/**
 * The records between the Kafka source and the router travel as Flink POJOs, never through Kryo
 * (STYLE.md), accepted and rejected alike.
 */
class IngestTypesSerializationTest {

    private final RecordParser parser = new RecordParser(pseudonymiser());

    @Test
    void ingestRecordIsAFlinkPojoWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(IngestRecord.class);
    }

    @Test
    void rejectedRecordIsAFlinkPojoWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(RejectedRecord.class);
    }

    @Test
    void everyAcceptedRecordSurvivesFlinksSerializer() throws Exception {
        for (InputEvent event : SampleEvents.oneOfEach()) {
            IngestRecord record = parser.parse(topicOf(event), 1, 2L, 3L, bytes(event));

            IngestRecord copy = roundTrip(record);

            assertThat(copy.isAccepted()).isTrue();
            assertThat(copy.event()).isEqualTo(record.event());
            assertThat(copy.topic).isEqualTo(record.topic);
            assertThat(copy.partition).isEqualTo(1);
            assertThat(copy.offset).isEqualTo(2L);
            assertThat(copy.kafkaTimestamp).isEqualTo(3L);
        }
    }

    @Test
    void aRejectedRecordSurvivesFlinksSerializer() throws Exception {
        byte[] payload = "{broken".getBytes(StandardCharsets.UTF_8);
        IngestRecord record = parser.parse(InputTopics.CALLS.name(), 5, 6L, 7L, payload);

        IngestRecord copy = roundTrip(record);

        assertThat(copy.isAccepted()).isFalse();
        assertThat(copy.eventTime()).isEqualTo(Long.MIN_VALUE);
        assertThat(copy.rejected).usingRecursiveComparison().isEqualTo(record.rejected);
        assertThat(Arrays.equals(copy.rejected.payload, payload)).isTrue();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record & InputEvent> String topicOf(InputEvent event) {
        return InputTopics.of((T) event).name();
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record & InputEvent> byte[] bytes(InputEvent event) {
        T typed = (T) event;
        return InputTopics.of(typed).serialise(typed);
    }

    private static Pseudonymiser pseudonymiser() {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 7);
        return new Pseudonymiser(
                PseudonymKeyRing.of(new PseudonymKey(1, secret)), Identifiers.russian());
    }
}
