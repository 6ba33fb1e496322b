package io.convergent.streaming.lake;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * The campaign job's tables. {@code campaign_triggers}: every campaign that fired for an eligible
 * subscriber, with what the contact policy made of it (sent, control, suppressed and why). {@code
 * campaign_outcomes}: the conversions attributed to sent and control triggers. Together they give
 * conversion by group, and so the uplift. Subscribers are pseudonyms; both are partitioned by the
 * day of the trigger.
 */
public final class CampaignTables {

    public static final Schema TRIGGERS_SCHEMA =
            new Schema(
                    NestedField.required(
                            1,
                            "trigger_id",
                            Types.StringType.get(),
                            "Deterministic id (campaign, version, subscriber, firing event): a"
                                    + " replay repeats it."),
                    NestedField.required(2, "campaign_id", Types.StringType.get(), "Campaign id."),
                    NestedField.required(
                            3,
                            "campaign_version",
                            Types.IntegerType.get(),
                            "The campaign's version that fired."),
                    NestedField.required(
                            4, "subscriber", Types.StringType.get(), "Subscriber pseudonym."),
                    NestedField.required(
                            5,
                            "trigger_event_id",
                            Types.StringType.get(),
                            "The input event that fired it: for a sequence, the step whose"
                                    + " arrival completed it (the last read, not always the last"
                                    + " in time)."),
                    NestedField.required(
                            6,
                            "triggered_at",
                            Types.TimestampType.withZone(),
                            "The firing event's time; for a sequence, its last step's time."),
                    NestedField.required(
                            7,
                            "judged_at",
                            Types.TimestampType.withZone(),
                            "When the contact policy judged it: triggered_at, or the end of the"
                                    + " subscriber's quiet hours for one held over them (when a"
                                    + " sent offer went out)."),
                    NestedField.required(
                            8,
                            "local_time",
                            Types.StringType.get(),
                            "The subscriber's local time at judged_at, ISO-8601 with offset."),
                    NestedField.required(
                            9,
                            "status",
                            Types.StringType.get(),
                            "SENT (to crm.triggers), CONTROL (held out) or SUPPRESSED."),
                    NestedField.optional(
                            10,
                            "reason",
                            Types.StringType.get(),
                            "Why it was suppressed (opted_out, no_consent, channel_opted_out,"
                                    + " cooldown, weekly_cap, monthly_cap, outranked; quiet_hours:"
                                    + " held over them past the campaign's end; withdrawn: held"
                                    + " over them while the campaign was deleted or replaced by"
                                    + " another version; stale: judged longer than"
                                    + " max-offer-delay after its moment); null otherwise."),
                    NestedField.required(11, "offer_code", Types.StringType.get(), "Offer code."),
                    NestedField.required(
                            12,
                            "channel",
                            Types.StringType.get(),
                            "PUSH, SMS, EMAIL or CALL_CENTRE."),
                    NestedField.required(
                            13,
                            "priority",
                            Types.IntegerType.get(),
                            "The campaign's priority, 0 to 100."));

    public static final PartitionSpec TRIGGERS_PARTITION_SPEC =
            PartitionSpec.builderFor(TRIGGERS_SCHEMA).day("triggered_at").build();

    public static final Schema OUTCOMES_SCHEMA =
            new Schema(
                    NestedField.required(
                            1,
                            "trigger_id",
                            Types.StringType.get(),
                            "The trigger converted (campaign_triggers.trigger_id)."),
                    NestedField.required(2, "campaign_id", Types.StringType.get(), "Campaign id."),
                    NestedField.required(
                            3, "campaign_version", Types.IntegerType.get(), "Its version."),
                    NestedField.required(
                            4, "subscriber", Types.StringType.get(), "Subscriber pseudonym."),
                    NestedField.required(
                            5, "group", Types.StringType.get(), "SENT (treatment) or CONTROL."),
                    NestedField.required(
                            6,
                            "triggered_at",
                            Types.TimestampType.withZone(),
                            "The trigger's time."),
                    NestedField.required(
                            7,
                            "converted_at",
                            Types.TimestampType.withZone(),
                            "The converting event's time."),
                    NestedField.required(
                            8,
                            "conversion_event_id",
                            Types.StringType.get(),
                            "The converting input event."),
                    NestedField.required(
                            9,
                            "conversion",
                            Types.StringType.get(),
                            "What converted: package_purchase, bank_product_opened or top_up."));

    public static final PartitionSpec OUTCOMES_PARTITION_SPEC =
            PartitionSpec.builderFor(OUTCOMES_SCHEMA).day("triggered_at").build();

    private CampaignTables() {}
}
