package io.convergent.streaming.ingest;

import io.convergent.streaming.deadletter.RejectedRecord;
import io.convergent.streaming.lake.RawTable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.OutputTag;

/** The side outputs the ingest splits parsed records into: one per raw table, and rejections. */
public final class IngestOutputs {

    public static final OutputTag<RejectedRecord> REJECTED =
            new OutputTag<>("rejected", TypeInformation.of(RejectedRecord.class));

    private static final Map<String, OutputTag<RowData>> BY_TOPIC = new HashMap<>();

    static {
        for (RawTable table : RawTable.all()) {
            BY_TOPIC.put(table.topic().name(), new OutputTag<>(table.name(), table.rowTypeInfo()));
        }
    }

    private IngestOutputs() {}

    /** The side output carrying the rows of {@code table}. */
    public static OutputTag<RowData> rowsOf(RawTable table) {
        return forTopic(table.topic().name());
    }

    static OutputTag<RowData> forTopic(String topic) {
        OutputTag<RowData> tag = BY_TOPIC.get(topic);
        if (tag == null) {
            throw new IllegalArgumentException("no raw table is fed by topic '" + topic + "'");
        }
        return tag;
    }
}
