package io.convergent.streaming.immunity.fraud;

import io.convergent.common.fraud.FraudEvidence;
import io.convergent.common.fraud.FraudSignal;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/** A fraud signal as a row of {@code fraud_signals}. */
public final class FraudSignalRowMapper implements MapFunction<FraudSignal, RowData> {

    private static final long serialVersionUID = 1L;

    @Override
    public RowData map(FraudSignal signal) {
        FraudEvidence[] evidence = signal.evidence();
        StringData[] eventIds = new StringData[evidence.length];
        for (int i = 0; i < evidence.length; i++) {
            eventIds[i] = StringData.fromString(evidence[i].step() + ":" + evidence[i].eventId());
        }
        GenericRowData row = new GenericRowData(9);
        row.setField(0, StringData.fromString(signal.signalId()));
        row.setField(1, StringData.fromString(signal.customer()));
        row.setField(2, StringData.fromString(signal.subscriber()));
        row.setField(3, StringData.fromString(signal.pattern().name()));
        row.setField(4, StringData.fromString(signal.risk().name()));
        row.setField(5, StringData.fromString(signal.action().name()));
        row.setField(6, StringData.fromString(signal.transferEventId()));
        row.setField(7, new GenericArrayData(eventIds));
        row.setField(8, TimestampData.fromEpochMillis(signal.transferTime()));
        return row;
    }
}
