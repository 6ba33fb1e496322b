package io.convergent.streaming.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.event.CallEvent;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.table.Tables;
import io.convergent.common.testing.SampleEvents;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.TimestampData;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/** The raw tables' schemas follow the event declarations, and the rows the converter makes fit. */
class RawTableSchemasTest {

    @Test
    void thereIsOneRawTablePerInputTopic() {
        assertThat(RawTable.all()).hasSize(InputTopics.all().size());
        assertThat(RawTable.all()).extracting(RawTable::name).isEqualTo(Tables.rawTables());
        assertThat(RawTable.forTopic("telco.calls").name()).isEqualTo("raw_calls");
        assertThatThrownBy(() -> RawTable.forTopic("events.dlq"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no raw table is fed by topic 'events.dlq'");
    }

    @Test
    void everyTableHasOneColumnPerEventFieldInFieldOrderThenTheKafkaTimestamp() {
        for (RawTable table : RawTable.all()) {
            List<FieldSpec> fields = table.topic().schema().fields();
            List<Types.NestedField> columns = table.schema().columns();

            assertThat(columns).as("columns of %s", table).hasSize(fields.size() + 1);
            Types.NestedField last = columns.get(fields.size());
            assertThat(last.name()).isEqualTo(RawTableSchemas.KAFKA_TIMESTAMP_COLUMN);
            assertThat(last.isOptional()).isTrue();
            assertThat(last.type()).isEqualTo(Types.TimestampType.withZone());
            for (int i = 0; i < fields.size(); i++) {
                FieldSpec field = fields.get(i);
                Types.NestedField column = columns.get(i);
                assertThat(column.name()).isEqualTo(ColumnNames.of(field.name()));
                assertThat(column.name()).matches("[a-z][a-z0-9]*(_[a-z0-9]+)*");
                assertThat(column.isOptional())
                        .as("%s.%s optional", table.name(), column.name())
                        .isEqualTo(!field.required());
                assertThat(column.doc()).isEqualTo(field.description());
                assertThat(column.type())
                        .as("%s.%s type", table.name(), column.name())
                        .isEqualTo(expectedType(field));
            }
            assertThat(table.rowType().getFieldCount()).isEqualTo(columns.size());
        }
    }

    @Test
    void everyTableStartsWithTheEventIdAndHasARequiredTimestamptzEventTime() {
        for (RawTable table : RawTable.all()) {
            Schema schema = table.schema();
            Types.NestedField first = schema.columns().get(0);
            Types.NestedField eventTime = schema.findField(RawTableSchemas.EVENT_TIME_COLUMN);

            assertThat(first.name()).as("first column of %s", table).isEqualTo("event_id");
            assertThat(first.isRequired()).isTrue();
            assertThat(first.type()).isEqualTo(Types.StringType.get());
            assertThat(eventTime).as("event_time of %s", table).isNotNull();
            assertThat(eventTime.isRequired()).isTrue();
            assertThat(eventTime.type()).isEqualTo(Types.TimestampType.withZone());
        }
    }

    @Test
    void everyTableIsPartitionedByTheDayOfItsEventTime() {
        for (RawTable table : RawTable.all()) {
            List<PartitionField> partitions = table.partitionSpec().fields();

            assertThat(partitions).as("partitions of %s", table).hasSize(1);
            PartitionField day = partitions.get(0);
            assertThat(day.transform().toString()).isEqualTo("day");
            assertThat(table.schema().findColumnName(day.sourceId())).isEqualTo("event_time");
        }
    }

    @Test
    void theCallsTableSpellsItsColumnsInSnakeCase() {
        Schema calls = RawTable.forTopic(InputTopics.CALLS.name()).schema();

        assertThat(calls.columns())
                .extracting(Types.NestedField::name)
                .containsExactly(
                        "event_id",
                        "event_time",
                        "call_id",
                        "calling_number",
                        "called_number",
                        "ingress",
                        "start_time",
                        "answer_time",
                        "end_time",
                        "release_cause",
                        "calling_imsi",
                        "cell_id",
                        "kafka_timestamp");
        assertThat(calls.findField("calling_number").type()).isEqualTo(Types.StringType.get());
        assertThat(calls.findField("calling_number").isOptional()).isTrue(); // may be withheld
        assertThat(calls.findField("called_number").isRequired()).isTrue();
        assertThat(calls.findField("answer_time").isOptional()).isTrue();
        assertThat(calls.findField("answer_time").type()).isEqualTo(Types.TimestampType.withZone());
        assertThat(calls.findField("calling_imsi").isOptional()).isTrue();
    }

    @Test
    void aConvertedSampleEventFitsItsTablesRowType() throws Exception {
        for (InputEvent event : SampleEvents.oneOfEach()) {
            RawTable table = RawTable.forTopic(topicOf(event).name());

            RowData row = toRow(event);
            RowData stored = roundTrip(table, row);

            assertThat(row.getArity()).isEqualTo(table.schema().columns().size());
            assertThat(stored.getString(0).toString()).isEqualTo(event.eventId());
            assertThat(stored.getTimestamp(1, 6))
                    .isEqualTo(TimestampData.fromEpochMillis(event.eventTime()));
        }
    }

    @Test
    void convertsEnumsToTheirNamesTimesToTimestampsAndAbsentFieldsToNull() {
        CallEvent call = SampleEvents.call();

        RowData row = new EventRowConverter<>(CallEvent.SCHEMA).toRow(call);

        assertThat(row.getString(3).toString()).isEqualTo(call.callingNumber());
        assertThat(row.getString(5).toString()).isEqualTo("INTERCONNECT");
        assertThat(row.getTimestamp(6, 6))
                .isEqualTo(TimestampData.fromEpochMillis(call.startTime()));
        assertThat(row.getTimestamp(7, 6))
                .isEqualTo(TimestampData.fromEpochMillis(call.answerTime()));
        assertThat(row.getString(9).toString()).isEqualTo("NORMAL");
        assertThat(row.isNullAt(10)).isTrue();
        assertThat(row.isNullAt(11)).isTrue();
        // Written without passing through a topic: no Kafka timestamp.
        assertThat(row.getArity()).isEqualTo(CallEvent.SCHEMA.fields().size() + 1);
        assertThat(row.isNullAt(CallEvent.SCHEMA.fields().size())).isTrue();

        RowData consumed =
                new EventRowConverter<>(CallEvent.SCHEMA).toRow(call, 1_790_000_000_123L);
        assertThat(consumed.getTimestamp(CallEvent.SCHEMA.fields().size(), 6))
                .isEqualTo(TimestampData.fromEpochMillis(1_790_000_000_123L));
    }

    @Test
    void columnNamesAreSnakeCase() {
        assertThat(ColumnNames.of("eventId")).isEqualTo("event_id");
        assertThat(ColumnNames.of("callingNumber")).isEqualTo("calling_number");
        assertThat(ColumnNames.of("visitedMcc")).isEqualTo("visited_mcc");
        assertThat(ColumnNames.of("merchantCategoryCode")).isEqualTo("merchant_category_code");
        assertThat(ColumnNames.of("imsi")).isEqualTo("imsi");
        assertThat(ColumnNames.of("ipv4Address")).isEqualTo("ipv4_address");
        assertThat(ColumnNames.of("")).isEmpty();
    }

    @Test
    void noTwoFieldsOfATableShareAColumnName() {
        for (RawTable table : RawTable.all()) {
            assertThat(table.schema().columns())
                    .extracting(Types.NestedField::name)
                    .as("columns of %s", table)
                    .doesNotHaveDuplicates();
        }
    }

    /** The Iceberg type each field kind is stored as, written out independently of the code. */
    private static Type expectedType(FieldSpec field) {
        switch (field.kind()) {
            case TIMESTAMP:
                return Types.TimestampType.withZone();
            case LONG:
            case AMOUNT:
                return Types.LongType.get();
            case INT:
                return Types.IntegerType.get();
            case BOOLEAN:
                return Types.BooleanType.get();
            default:
                // Ids, enum names, text, currency codes and pseudonyms.
                return Types.StringType.get();
        }
    }

    private static RowData roundTrip(RawTable table, RowData row) throws Exception {
        TypeSerializer<RowData> serializer =
                table.rowTypeInfo().createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(row, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record & InputEvent> RowData toRow(InputEvent event) {
        T typed = (T) event;
        return new EventRowConverter<>(InputTopics.of(typed).schema()).toRow(typed);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record & InputEvent> InputTopic<T> topicOf(InputEvent event) {
        return InputTopics.of((T) event);
    }
}
