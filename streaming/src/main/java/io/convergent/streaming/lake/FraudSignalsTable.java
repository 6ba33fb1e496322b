package io.convergent.streaming.lake;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/** {@code fraud_signals}: every signal the fraud patterns sent the bank, once per signal id. */
public final class FraudSignalsTable {

    public static final Schema SCHEMA =
            new Schema(
                    Types.NestedField.required(
                            1,
                            "signal_id",
                            Types.StringType.get(),
                            "Deterministic id (transfer event id / pattern): a repeat has the same."),
                    Types.NestedField.required(
                            2, "customer", Types.StringType.get(), "Pseudonym of the customer."),
                    Types.NestedField.required(
                            3,
                            "subscriber",
                            Types.StringType.get(),
                            "Pseudonym of the customer's phone number."),
                    Types.NestedField.required(
                            4, "pattern", Types.StringType.get(), "The pattern (FraudPattern)."),
                    Types.NestedField.required(
                            5, "risk_level", Types.StringType.get(), "MEDIUM or HIGH."),
                    Types.NestedField.required(
                            6,
                            "recommended_action",
                            Types.StringType.get(),
                            "HOLD (until confirmed) or REVIEW."),
                    Types.NestedField.required(
                            7,
                            "transfer_event_id",
                            Types.StringType.get(),
                            "The transfer the signal is about."),
                    Types.NestedField.required(
                            8,
                            "evidence",
                            Types.ListType.ofRequired(9, Types.StringType.get()),
                            "The matched events, first to last, as step:event_id."),
                    Types.NestedField.required(
                            10,
                            "transfer_time",
                            Types.TimestampType.withZone(),
                            "When the transfer was made."));

    public static final PartitionSpec PARTITION_SPEC =
            PartitionSpec.builderFor(SCHEMA).day("transfer_time").build();

    private FraudSignalsTable() {}
}
