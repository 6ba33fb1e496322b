package io.convergent.streaming.lake;

import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldSpec;
import java.util.List;
import java.util.Objects;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * Turns an event record into the Flink row its raw table stores (see {@link RawTableSchemas}):
 * strings and enum names as {@link StringData}, epoch milliseconds as {@link TimestampData}, absent
 * optional fields as nulls.
 *
 * <p>Not serialisable: functions build one per topic in {@code open()}.
 *
 * @param <T> the event record
 */
public final class EventRowConverter<T extends Record> {

    /** How one field's Java value becomes its Flink internal value. */
    private enum ValueKind {
        STRING,
        TIMESTAMP,
        AS_IS
    }

    private final EventSchema<T> schema;
    private final ValueKind[] kinds;

    public EventRowConverter(EventSchema<T> schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        List<FieldSpec> fields = schema.fields();
        this.kinds = new ValueKind[fields.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] =
                    switch (fields.get(i).kind()) {
                        case TIMESTAMP -> ValueKind.TIMESTAMP;
                        case LONG, AMOUNT, INT, BOOLEAN -> ValueKind.AS_IS;
                        default -> ValueKind.STRING;
                    };
        }
    }

    public RowData toRow(T event) {
        Object[] values = schema.values(event);
        GenericRowData row = new GenericRowData(values.length);
        for (int i = 0; i < values.length; i++) {
            Object value = values[i];
            if (value == null) {
                continue;
            }
            row.setField(
                    i,
                    switch (kinds[i]) {
                        case STRING ->
                                StringData.fromString(
                                        value instanceof Enum<?> e ? e.name() : value.toString());
                        case TIMESTAMP -> TimestampData.fromEpochMillis((Long) value);
                        case AS_IS -> value;
                    });
        }
        return row;
    }
}
