package io.convergent.streaming.campaigns.functions;

import io.convergent.common.campaigns.CampaignOutcome;
import io.convergent.common.campaigns.CampaignTrigger;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/** Triggers and outcomes as rows of {@code campaign_triggers} and {@code campaign_outcomes}. */
public final class CampaignRowMappers {

    private CampaignRowMappers() {}

    /** A trigger as its {@code campaign_triggers} row. */
    public static final class TriggerRow implements MapFunction<CampaignTrigger, RowData> {
        private static final long serialVersionUID = 1L;

        @Override
        public RowData map(CampaignTrigger t) {
            // In the schema's column order: judged_at follows triggered_at.
            GenericRowData row = new GenericRowData(13);
            row.setField(0, StringData.fromString(t.triggerId()));
            row.setField(1, StringData.fromString(t.campaignId()));
            row.setField(2, t.campaignVersion());
            row.setField(3, StringData.fromString(t.subscriber()));
            row.setField(4, StringData.fromString(t.triggerEventId()));
            row.setField(5, TimestampData.fromEpochMillis(t.triggeredAt()));
            row.setField(6, TimestampData.fromEpochMillis(t.judgedAt()));
            row.setField(7, StringData.fromString(t.localTime()));
            row.setField(8, StringData.fromString(t.status().name()));
            row.setField(9, t.reason() == null ? null : StringData.fromString(t.reason().key()));
            row.setField(10, StringData.fromString(t.offerCode()));
            row.setField(11, StringData.fromString(t.channel().name()));
            row.setField(12, t.priority());
            return row;
        }
    }

    /** An outcome as its {@code campaign_outcomes} row. */
    public static final class OutcomeRow implements MapFunction<CampaignOutcome, RowData> {
        private static final long serialVersionUID = 1L;

        @Override
        public RowData map(CampaignOutcome o) {
            GenericRowData row = new GenericRowData(9);
            row.setField(0, StringData.fromString(o.triggerId()));
            row.setField(1, StringData.fromString(o.campaignId()));
            row.setField(2, o.campaignVersion());
            row.setField(3, StringData.fromString(o.subscriber()));
            row.setField(4, StringData.fromString(o.group().name()));
            row.setField(5, TimestampData.fromEpochMillis(o.triggeredAt()));
            row.setField(6, TimestampData.fromEpochMillis(o.convertedAt()));
            row.setField(7, StringData.fromString(o.conversionEventId()));
            row.setField(8, StringData.fromString(o.conversion()));
            return row;
        }
    }
}
