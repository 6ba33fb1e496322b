package io.convergent.streaming.immunity.functions;

import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.common.immunity.ImmunityHint;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/** A blocked or flagged decision as its {@code immunity_decisions} row. */
public final class DecisionRowMapper implements MapFunction<ImmunityDecision, RowData> {

    private static final long serialVersionUID = 1L;

    @Override
    public RowData map(ImmunityDecision decision) {
        if (decision.reason() == null) {
            throw new IllegalArgumentException(
                    "only blocked or flagged decisions have a row, got " + decision.decisionId());
        }
        GenericRowData row = new GenericRowData(15);
        row.setField(0, StringData.fromString(decision.decisionId()));
        row.setField(1, StringData.fromString(decision.eventId()));
        row.setField(2, StringData.fromString(decision.callId()));
        row.setField(3, StringData.fromString(decision.action().name()));
        row.setField(4, StringData.fromString(decision.layer().name()));
        row.setField(5, StringData.fromString(decision.reason().name()));
        row.setField(6, StringData.fromString(decision.caller()));
        row.setField(7, StringData.fromString(decision.callee()));
        row.setField(8, StringData.fromString(decision.callerCategory().name()));
        row.setField(9, StringData.fromString(decision.ingress().name()));
        row.setField(10, TimestampData.fromEpochMillis(decision.callTime()));
        row.setField(11, TimestampData.fromEpochMillis(decision.decidedAt()));
        if (decision.flagged()) {
            ImmunityHint hint = ImmunityHint.forFlaggedCall(decision);
            row.setField(12, StringData.fromString(hint.label().name()));
            row.setField(13, hint.confidence());
        }
        if (decision.reputation() != null) {
            row.setField(14, decision.reputation().score());
        }
        return row;
    }
}
