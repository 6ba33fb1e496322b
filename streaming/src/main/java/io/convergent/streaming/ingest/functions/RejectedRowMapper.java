package io.convergent.streaming.ingest.functions;

import io.convergent.common.event.PayloadScrubber;
import io.convergent.streaming.deadletter.RejectedRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/** A rejected record as its {@code rejected_events} row: the raw bytes replaced by a scrub. */
public final class RejectedRowMapper extends RichMapFunction<RejectedRecord, RowData> {

    private static final long serialVersionUID = 1L;

    private transient PayloadScrubber scrubber;

    @Override
    public void open(OpenContext openContext) {
        scrubber = new PayloadScrubber();
    }

    @Override
    public RowData map(RejectedRecord rejected) {
        GenericRowData row = new GenericRowData(10);
        row.setField(0, StringData.fromString(rejected.topic));
        row.setField(1, rejected.partition);
        row.setField(2, rejected.offset);
        row.setField(3, TimestampData.fromEpochMillis(rejected.kafkaTimestamp));
        row.setField(4, StringData.fromString(rejected.reason.name()));
        row.setField(5, rejected.field == null ? null : StringData.fromString(rejected.field));
        row.setField(6, StringData.fromString(rejected.detail));
        row.setField(7, rejected.payload == null ? 0 : rejected.payload.length);
        row.setField(8, StringData.fromString(scrubber.scrub(rejected.topic, rejected.payload)));
        row.setField(9, TimestampData.fromEpochMillis(System.currentTimeMillis()));
        return row;
    }
}
