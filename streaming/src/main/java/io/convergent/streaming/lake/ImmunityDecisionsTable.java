package io.convergent.streaming.lake;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * The {@code immunity_decisions} table: every call a Digital Immunity layer blocked or flagged,
 * with the reason, for the statistics the business reports (blocked calls per day and layer) and
 * for analysts. Calls allowed with nothing against them stay on the topic only. Numbers are
 * pseudonyms. Partitioned by the day of the call.
 *
 * <p>Columns 13 to 15 came later: {@link LakeTables#ensureImmunityTables} adds them to a table
 * created before, so new columns here must stay optional.
 */
public final class ImmunityDecisionsTable {

    public static final Schema SCHEMA =
            new Schema(
                    Types.NestedField.required(
                            1,
                            "decision_id",
                            Types.StringType.get(),
                            "Deterministic id: a repeat of a decision has the same one."),
                    Types.NestedField.required(
                            2, "event_id", Types.StringType.get(), "The call's event id."),
                    Types.NestedField.required(
                            3, "call_id", Types.StringType.get(), "Switch call reference."),
                    Types.NestedField.required(
                            4, "action", Types.StringType.get(), "BLOCK or ALLOW (flagged)."),
                    Types.NestedField.required(
                            5,
                            "layer",
                            Types.StringType.get(),
                            "The layer that decided (ImmunityLayer)."),
                    Types.NestedField.required(
                            6, "reason", Types.StringType.get(), "Reason code (DecisionReason)."),
                    Types.NestedField.required(
                            7, "caller", Types.StringType.get(), "Pseudonym of the A-number."),
                    Types.NestedField.required(
                            8, "callee", Types.StringType.get(), "Pseudonym of the B-number."),
                    Types.NestedField.required(
                            9,
                            "caller_category",
                            Types.StringType.get(),
                            "Who holds the A-number's range (NumberCategory)."),
                    Types.NestedField.required(
                            10,
                            "ingress",
                            Types.StringType.get(),
                            "How the call reached us (Ingress)."),
                    Types.NestedField.required(
                            11, "call_time", Types.TimestampType.withZone(), "Call setup."),
                    Types.NestedField.required(
                            12,
                            "decided_at",
                            Types.TimestampType.withZone(),
                            "When the decision was made."),
                    Types.NestedField.optional(
                            13,
                            "hint_label",
                            Types.StringType.get(),
                            "The hint the called phone was sent for a flagged call (HintLabel);"
                                    + " null for a block."),
                    Types.NestedField.optional(
                            14,
                            "hint_confidence",
                            Types.DoubleType.get(),
                            "The hint's confidence, 0 to 1; null for a block."),
                    Types.NestedField.optional(
                            15,
                            "reputation_score",
                            Types.DoubleType.get(),
                            "The caller's reputation score the decision took into account; null"
                                    + " when the caller id itself was refused."));

    public static final PartitionSpec PARTITION_SPEC =
            PartitionSpec.builderFor(SCHEMA).day("call_time").build();

    private ImmunityDecisionsTable() {}
}
