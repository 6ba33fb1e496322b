package io.convergent.streaming.lake;

import io.convergent.common.event.InputTopic;
import io.convergent.common.event.schema.FieldKind;
import io.convergent.common.event.schema.FieldSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg schemas of the master dataset, derived from the same event declarations the parser
 * enforces: one column per field, in field order, snake_case, with the field's description as the
 * column doc, and last the record's {@link #KAFKA_TIMESTAMP_COLUMN}. Identifier columns hold
 * pseudonyms ({@code k<version>.<22 chars>}), never raw values.
 *
 * <p>Every raw table is partitioned by the day of {@code event_time}: the batch layer recomputes a
 * day at a time and analysts filter on it.
 */
public final class RawTableSchemas {

    public static final String EVENT_TIME_COLUMN = "event_time";

    /**
     * The last column of every raw table, after the event's own fields: when the record was written
     * to its topic. Against {@code event_time} it shows how late an event came, and whether it came
     * after its day's batch run.
     */
    public static final String KAFKA_TIMESTAMP_COLUMN = "kafka_timestamp";

    private RawTableSchemas() {}

    /** The schema of the raw table that holds {@code topic}'s events. */
    public static Schema schemaOf(InputTopic<?> topic) {
        List<Types.NestedField> columns = new ArrayList<>();
        int id = 1;
        for (FieldSpec field : topic.schema().fields()) {
            String name = ColumnNames.of(field.name());
            Type type = icebergType(field.kind());
            columns.add(
                    field.required()
                            ? Types.NestedField.required(id, name, type, field.description())
                            : Types.NestedField.optional(id, name, type, field.description()));
            id++;
        }
        columns.add(
                Types.NestedField.optional(
                        id,
                        KAFKA_TIMESTAMP_COLUMN,
                        Types.TimestampType.withZone(),
                        "When the record was written to its topic (the Kafka record timestamp,"
                                + " UTC); against event_time, how late the event came. Null for"
                                + " a row written to the lake without passing through a topic."));
        return new Schema(columns);
    }

    /**
     * The columns of {@code topic}'s raw table that hold {@code fields} (wire names), in the
     * table's order: what a reader that needs only those asks Iceberg for, so the other columns are
     * never decoded. Rows read with it go through {@link EventRowConverter#projected}.
     */
    public static Schema projectionOf(InputTopic<?> topic, Set<String> fields) {
        Schema table = schemaOf(topic);
        List<String> columns = new ArrayList<>();
        for (FieldSpec field : topic.schema().fields()) {
            if (fields.contains(field.name())) {
                columns.add(ColumnNames.of(field.name()));
            }
        }
        if (columns.size() != fields.size()) {
            throw new IllegalArgumentException(
                    topic.name() + " has not every one of the fields " + fields);
        }
        return table.select(columns);
    }

    /** Day partitions on the event time. */
    public static PartitionSpec partitionSpecOf(Schema schema) {
        return PartitionSpec.builderFor(schema).day(EVENT_TIME_COLUMN).build();
    }

    static Type icebergType(FieldKind kind) {
        return switch (kind) {
            case TIMESTAMP -> Types.TimestampType.withZone();
            case LONG, AMOUNT -> Types.LongType.get();
            case INT -> Types.IntegerType.get();
            case BOOLEAN -> Types.BooleanType.get();
            case EVENT_ID, ENUM, TEXT, CURRENCY -> Types.StringType.get();
            case PHONE,
                    PHONE_OR_SHORT_CODE,
                    SMS_ADDRESS,
                    IMSI,
                    IMEI,
                    CARD_NUMBER,
                    ACCOUNT_NUMBER,
                    CUSTOMER_ID,
                    DEVICE_ID ->
                    Types.StringType.get();
        };
    }
}
