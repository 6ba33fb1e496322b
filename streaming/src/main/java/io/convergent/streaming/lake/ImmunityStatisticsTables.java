package io.convergent.streaming.lake;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * The figures Digital Immunity reports to the business, recomputed by the batch layer from {@code
 * immunity_decisions} (so a re-run replaces them): blocked and flagged calls per day and layer, and
 * hints per subscriber per month. Days and months are UTC, like the partitions of the tables they
 * come from.
 */
public final class ImmunityStatisticsTables {

    public static final Schema DAILY_SCHEMA =
            new Schema(
                    Types.NestedField.required(
                            1, "day", Types.DateType.get(), "The UTC day of the calls."),
                    Types.NestedField.required(
                            2,
                            "layer",
                            Types.StringType.get(),
                            "The layer that decided (ImmunityLayer)."),
                    Types.NestedField.required(
                            3,
                            "action",
                            Types.StringType.get(),
                            "BLOCK, or ALLOW for calls let through with a hint."),
                    Types.NestedField.required(
                            4, "reason", Types.StringType.get(), "Reason code (DecisionReason)."),
                    Types.NestedField.required(
                            5,
                            "calls",
                            Types.LongType.get(),
                            "Calls decided so (distinct decisions; a repeat counts once)."),
                    Types.NestedField.required(
                            6,
                            "callers",
                            Types.LongType.get(),
                            "Distinct calling numbers among them."),
                    Types.NestedField.required(
                            7,
                            "callees",
                            Types.LongType.get(),
                            "Distinct called subscribers among them."));

    public static final PartitionSpec DAILY_PARTITION_SPEC =
            PartitionSpec.builderFor(DAILY_SCHEMA).identity("day").build();

    public static final Schema HINTS_MONTHLY_SCHEMA =
            new Schema(
                    Types.NestedField.required(
                            1,
                            "month",
                            Types.DateType.get(),
                            "The first day of the UTC month of the calls."),
                    Types.NestedField.required(
                            2,
                            "subscriber",
                            Types.StringType.get(),
                            "Pseudonym of the called subscriber whose phone showed the hints."),
                    Types.NestedField.required(
                            3, "hints", Types.LongType.get(), "Hints sent in the month."),
                    Types.NestedField.required(
                            4,
                            "possible_fraud",
                            Types.LongType.get(),
                            "Of which labelled \"possible fraud\" (a caller id in doubt)."),
                    Types.NestedField.required(
                            5,
                            "possible_spam",
                            Types.LongType.get(),
                            "Of which labelled \"possible spam\" (a poorly reputed caller)."),
                    Types.NestedField.required(
                            6,
                            "distinct_callers",
                            Types.LongType.get(),
                            "Distinct calling numbers behind the hints."),
                    Types.NestedField.required(
                            7,
                            "last_hint_at",
                            Types.TimestampType.withZone(),
                            "Setup time of the latest call with a hint."));

    public static final PartitionSpec HINTS_MONTHLY_PARTITION_SPEC =
            PartitionSpec.builderFor(HINTS_MONTHLY_SCHEMA).identity("month").build();

    private ImmunityStatisticsTables() {}
}
