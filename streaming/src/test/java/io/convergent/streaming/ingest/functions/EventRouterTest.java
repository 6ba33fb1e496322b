package io.convergent.streaming.ingest.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.schema.RejectionReason;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKey;
import io.convergent.common.identity.PseudonymKeyRing;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.testing.SampleEvents;
import io.convergent.streaming.deadletter.RejectedRecord;
import io.convergent.streaming.ingest.IngestOutputs;
import io.convergent.streaming.ingest.IngestRecord;
import io.convergent.streaming.ingest.RecordParser;
import io.convergent.streaming.lake.RawTable;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Accepted events to their raw table's side output as rows; rejections to their own output. */
class EventRouterTest {

    private final RecordParser parser = new RecordParser(pseudonymiser());

    private OneInputStreamOperatorTestHarness<IngestRecord, Void> harness;

    @BeforeEach
    void openHarness() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new EventRouter());
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void routesEachAcceptedEventToItsTablesSideOutputAsARow() throws Exception {
        List<InputEvent> events = SampleEvents.oneOfEach();
        for (InputEvent event : events) {
            IngestRecord record = parse(event, 0, 1);
            harness.processElement(record, record.eventTime());
        }

        Map<String, List<InputEvent>> eventsByTopic =
                events.stream().collect(Collectors.groupingBy(e -> topicOf(e)));
        assertThat(eventsByTopic).hasSize(RawTable.all().size());
        for (RawTable table : RawTable.all()) {
            List<InputEvent> expected = eventsByTopic.get(table.topic().name());
            List<StreamRecord<RowData>> rows = sideOutput(table);

            assertThat(rows).as("rows of %s", table).hasSameSizeAs(expected);
            for (int i = 0; i < rows.size(); i++) {
                InputEvent event = expected.get(i);
                RowData row = rows.get(i).getValue();
                assertThat(row.getArity()).isEqualTo(table.schema().columns().size());
                assertThat(row.getString(0).toString()).isEqualTo(event.eventId());
                assertThat(row.getTimestamp(1, 6))
                        .isEqualTo(TimestampData.fromEpochMillis(event.eventTime()));
                assertThat(rows.get(i).getTimestamp()).isEqualTo(event.eventTime());
            }
        }
        assertThat(harness.getSideOutput(IngestOutputs.REJECTED)).isNullOrEmpty();
        assertThat(harness.getOutput()).isEmpty();
    }

    @Test
    void rowsHoldThePseudonymisedValuesInTheTablesTypes() throws Exception {
        IngestRecord record = parse(SampleEvents.call(), 2, 40);
        harness.processElement(record, record.eventTime());

        RawTable calls = RawTable.forTopic(InputTopics.CALLS.name());
        RowData row = roundTrip(calls, sideOutput(calls).get(0).getValue());

        // event_id, event_time, call_id, calling_number, called_number, ingress, start_time,
        // answer_time, end_time, release_cause, calling_imsi, cell_id
        assertThat(row.getString(0).toString()).isEqualTo("call-1");
        assertThat(row.getTimestamp(1, 6).getMillisecond()).isEqualTo(SampleEvents.T0);
        assertThat(row.getString(2).toString()).isEqualTo("sw1-0001");
        assertThat(row.getString(3).toString())
                .isEqualTo(record.call.callingNumber())
                .matches(Pseudonymiser::isPseudonym);
        assertThat(row.getString(5).toString()).isEqualTo("INTERCONNECT");
        assertThat(row.getTimestamp(7, 6).getMillisecond()).isEqualTo(SampleEvents.T0 + 5_000);
        assertThat(row.getString(9).toString()).isEqualTo("NORMAL");
        assertThat(row.isNullAt(10)).isTrue();
        assertThat(row.isNullAt(11)).isTrue();
    }

    @Test
    void routesRejectionsToTheRejectedOutputOnly() throws Exception {
        byte[] payload = "not json".getBytes(StandardCharsets.UTF_8);
        IngestRecord record =
                parser.parse(InputTopics.CALLS.name(), 4, 77L, SampleEvents.T0, payload);

        harness.processElement(record, SampleEvents.T0);

        List<StreamRecord<RejectedRecord>> rejected =
                List.copyOf(harness.getSideOutput(IngestOutputs.REJECTED));
        assertThat(rejected).hasSize(1);
        RejectedRecord out = rejected.get(0).getValue();
        assertThat(out.reason).isEqualTo(RejectionReason.NOT_JSON);
        assertThat(out.topic).isEqualTo(InputTopics.CALLS.name());
        assertThat(out.partition).isEqualTo(4);
        assertThat(out.offset).isEqualTo(77L);
        assertThat(out.payload).isEqualTo(payload);
        for (RawTable table : RawTable.all()) {
            assertThat(harness.getSideOutput(IngestOutputs.rowsOf(table))).isNullOrEmpty();
        }
        assertThat(harness.getOutput()).isEmpty();
    }

    private List<StreamRecord<RowData>> sideOutput(RawTable table) {
        return List.copyOf(harness.getSideOutput(IngestOutputs.rowsOf(table)));
    }

    /** Through the row serializer of the table's type: fails if a value has the wrong class. */
    private static RowData roundTrip(RawTable table, RowData row) throws Exception {
        TypeSerializer<RowData> serializer =
                table.rowTypeInfo().createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(row, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private IngestRecord parse(InputEvent event, int partition, long offset) {
        IngestRecord record =
                parser.parse(topicOf(event), partition, offset, event.eventTime(), bytes(event));
        assertThat(record.isAccepted()).as("%s accepted", event).isTrue();
        return record;
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
        new SecureRandom().nextBytes(secret);
        return new Pseudonymiser(
                PseudonymKeyRing.of(new PseudonymKey(1, secret)), Identifiers.russian());
    }
}
