package io.convergent.streaming.lake;

import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldKind;
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

    /** Iceberg's {@code timestamptz} is microseconds: Flink reads it as TIMESTAMP_LTZ(6). */
    private static final int TIMESTAMP_PRECISION = 6;

    /** How one field's Java value becomes its Flink internal value. */
    private enum ValueKind {
        STRING,
        TIMESTAMP,
        AS_IS
    }

    private final EventSchema<T> schema;
    private final ValueKind[] kinds;
    private final FieldKind[] fieldKinds;
    private final Class<? extends Enum<?>>[] enumTypes;

    public EventRowConverter(EventSchema<T> schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        List<FieldSpec> fields = schema.fields();
        this.kinds = new ValueKind[fields.size()];
        this.fieldKinds = new FieldKind[fields.size()];
        @SuppressWarnings("unchecked")
        Class<? extends Enum<?>>[] enums = new Class[fields.size()];
        this.enumTypes = enums;
        for (int i = 0; i < kinds.length; i++) {
            fieldKinds[i] = fields.get(i).kind();
            enumTypes[i] = fields.get(i).enumType();
            kinds[i] =
                    switch (fields.get(i).kind()) {
                        case TIMESTAMP -> ValueKind.TIMESTAMP;
                        case LONG, AMOUNT, INT, BOOLEAN -> ValueKind.AS_IS;
                        default -> ValueKind.STRING;
                    };
        }
    }

    /**
     * The event a raw-table row holds: the inverse of {@link #toRow}, for readers of the master
     * dataset. Identifiers stay the pseudonyms the table holds.
     */
    public T fromRow(RowData row) {
        Object[] values = new Object[kinds.length];
        for (int i = 0; i < values.length; i++) {
            if (row.isNullAt(i)) {
                continue;
            }
            values[i] =
                    switch (fieldKinds[i]) {
                        case TIMESTAMP -> row.getTimestamp(i, TIMESTAMP_PRECISION).getMillisecond();
                        case LONG, AMOUNT -> row.getLong(i);
                        case INT -> row.getInt(i);
                        case BOOLEAN -> row.getBoolean(i);
                        case ENUM -> enumValue(enumTypes[i], row.getString(i).toString());
                        default -> row.getString(i).toString();
                    };
        }
        return schema.fromValues(values);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<? extends Enum<?>> type, String name) {
        return Enum.valueOf((Class) type, name);
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
