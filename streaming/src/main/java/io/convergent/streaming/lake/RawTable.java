package io.convergent.streaming.lake;

import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.table.Tables;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.flink.FlinkSchemaUtil;

/**
 * One table of the master dataset: the input topic that feeds it, its name, Iceberg schema and
 * partition spec, and the Flink row type its rows travel as.
 */
public final class RawTable {

    private static final List<RawTable> ALL =
            InputTopics.all().stream().map(RawTable::new).toList();

    private final InputTopic<?> topic;
    private final String name;
    private final Schema schema;
    private final PartitionSpec partitionSpec;
    private final RowType rowType;

    private RawTable(InputTopic<?> topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.name =
                Tables.rawTableOf(topic.name())
                        .orElseThrow(() -> new IllegalStateException("no raw table for " + topic));
        this.schema = RawTableSchemas.schemaOf(topic);
        this.partitionSpec = RawTableSchemas.partitionSpecOf(schema);
        this.rowType = FlinkSchemaUtil.convert(schema);
        if (!schema.columns().get(0).name().equals("event_id")) {
            // The deduplication keys rows by their first column.
            throw new IllegalStateException(name + " must start with event_id");
        }
    }

    /** The nine raw tables, in the contract's topic order. */
    public static List<RawTable> all() {
        return ALL;
    }

    /** The raw table fed by input topic {@code topic}. */
    public static RawTable forTopic(String topic) {
        for (RawTable table : ALL) {
            if (table.topic.name().equals(topic)) {
                return table;
            }
        }
        throw new IllegalArgumentException("no raw table is fed by topic '" + topic + "'");
    }

    /** The raw table named {@code table} ({@code raw_calls} ...). */
    public static RawTable named(String table) {
        for (RawTable raw : ALL) {
            if (raw.name.equals(table)) {
                return raw;
            }
        }
        throw new IllegalArgumentException("'" + table + "' is not a raw table");
    }

    public InputTopic<?> topic() {
        return topic;
    }

    public String name() {
        return name;
    }

    public Schema schema() {
        return schema;
    }

    public PartitionSpec partitionSpec() {
        return partitionSpec;
    }

    public RowType rowType() {
        return rowType;
    }

    public TypeInformation<RowData> rowTypeInfo() {
        return InternalTypeInfo.of(rowType);
    }

    @Override
    public String toString() {
        return "RawTable[" + name + " <- " + topic.name() + "]";
    }
}
