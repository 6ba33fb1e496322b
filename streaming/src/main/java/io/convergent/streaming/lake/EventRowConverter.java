package io.convergent.streaming.lake;

import io.convergent.common.event.schema.EventSchema;
import io.convergent.common.event.schema.FieldKind;
import io.convergent.common.event.schema.FieldSpec;
import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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

    /** Where each field is in the rows read, or -1 for a field the rows do not hold. */
    private final int[] positions;

    /** What a field the rows do not hold becomes: null, or zero or false for a primitive. */
    private final Object[] absentValues;

    private final boolean projected;

    /** For rows of the whole raw table: every field, in field order. */
    public EventRowConverter(EventSchema<T> schema) {
        this(schema, null);
    }

    /**
     * For rows of a projection of the raw table ({@link RawTableSchemas#projectionOf}): only {@code
     * fields}, in field order. {@link #fromRow} then gives events with every other field null, or
     * zero or false where the record's component is a primitive: fit only for a reader that reads
     * nothing else (as {@code DailyTiles.fieldsRead} declares for the tiles).
     */
    public static <T extends Record> EventRowConverter<T> projected(
            EventSchema<T> schema, Set<String> fields) {
        Set<String> known = new HashSet<>();
        schema.fields().forEach(field -> known.add(field.name()));
        for (String field : fields) {
            if (!known.contains(field)) {
                throw new IllegalArgumentException(
                        schema.type().getSimpleName() + " has no field " + field);
            }
        }
        return new EventRowConverter<>(schema, Set.copyOf(fields));
    }

    private EventRowConverter(EventSchema<T> schema, Set<String> projection) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.projected = projection != null;
        List<FieldSpec> fields = schema.fields();
        this.positions = new int[fields.size()];
        this.absentValues = new Object[fields.size()];
        RecordComponent[] components = schema.type().getRecordComponents();
        int position = 0;
        for (int i = 0; i < fields.size(); i++) {
            if (projection == null || projection.contains(fields.get(i).name())) {
                positions[i] = position++;
            } else {
                positions[i] = -1;
                absentValues[i] = absentValue(components[i].getType());
            }
        }
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
            int at = positions[i];
            if (at < 0) {
                values[i] = absentValues[i];
                continue;
            }
            if (row.isNullAt(at)) {
                continue;
            }
            values[i] =
                    switch (fieldKinds[i]) {
                        case TIMESTAMP ->
                                row.getTimestamp(at, TIMESTAMP_PRECISION).getMillisecond();
                        case LONG, AMOUNT -> row.getLong(at);
                        case INT -> row.getInt(at);
                        case BOOLEAN -> row.getBoolean(at);
                        case ENUM -> enumValue(enumTypes[i], row.getString(at).toString());
                        default -> row.getString(at).toString();
                    };
        }
        return schema.fromValues(values);
    }

    private static Object absentValue(Class<?> component) {
        if (!component.isPrimitive()) {
            return null;
        }
        if (component == long.class) {
            return 0L;
        }
        if (component == int.class) {
            return 0;
        }
        if (component == boolean.class) {
            return false;
        }
        throw new IllegalStateException("no absent value for a " + component + " component");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<? extends Enum<?>> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    /**
     * The row the whole raw table stores for {@code event}, with no Kafka timestamp (an event
     * written to the lake without passing through a topic); not for a projected converter.
     */
    public RowData toRow(T event) {
        return toRow(event, null);
    }

    /**
     * The row the whole raw table stores for {@code event}, read from its topic with the record
     * timestamp {@code kafkaTimestamp} (epoch ms; {@code null}: none), which goes in the table's
     * last column ({@link RawTableSchemas#KAFKA_TIMESTAMP_COLUMN}).
     */
    public RowData toRow(T event, Long kafkaTimestamp) {
        if (projected) {
            throw new IllegalStateException("a projected converter only reads rows");
        }
        Object[] values = schema.values(event);
        GenericRowData row = new GenericRowData(values.length + 1);
        if (kafkaTimestamp != null) {
            row.setField(values.length, TimestampData.fromEpochMillis(kafkaTimestamp));
        }
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
