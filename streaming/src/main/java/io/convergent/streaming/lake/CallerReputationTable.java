package io.convergent.streaming.lake;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * {@code caller_reputation}: every calling number's reputation as of the end of a UTC day,
 * recomputed by the batch layer from the calls and complaints of the days before (CallerReplay), a
 * re-run replacing the day.
 */
public final class CallerReputationTable {

    public static final Schema SCHEMA =
            new Schema(
                    NestedField.required(
                            1,
                            "as_of_day",
                            Types.DateType.get(),
                            "The reputation is as of the end of this UTC day."),
                    NestedField.required(
                            2,
                            "caller",
                            Types.StringType.get(),
                            "Pseudonym of the calling number."),
                    NestedField.required(
                            3,
                            "score",
                            Types.DoubleType.get(),
                            "0 (nothing against it) to 1: the sum of the raised signals' weights."),
                    NestedField.required(
                            4,
                            "signals",
                            Types.ListType.ofRequired(5, Types.StringType.get()),
                            "The raised signals (ReputationSignal)."),
                    NestedField.required(
                            6,
                            "attempts_24h",
                            Types.DoubleType.get(),
                            "Calls placed, decayed over a day."),
                    NestedField.required(
                            7,
                            "answer_ratio_24h",
                            Types.DoubleType.get(),
                            "Share of them answered."),
                    NestedField.required(
                            8,
                            "new_callee_share_24h",
                            Types.DoubleType.get(),
                            "Share of them to callees not called recently."),
                    NestedField.required(
                            9,
                            "short_call_share_24h",
                            Types.DoubleType.get(),
                            "Share of answered calls under ten seconds."),
                    NestedField.required(
                            10,
                            "complaints_24h",
                            Types.DoubleType.get(),
                            "Spam or fraud complaints naming the number, decayed over a day."),
                    NestedField.required(
                            11,
                            "days_since_mass_dialling",
                            Types.DoubleType.get(),
                            "Days since it was last caught mass dialling; -1 when never."),
                    NestedField.required(
                            12,
                            "calls",
                            Types.LongType.get(),
                            "Calls of the number replayed (the three days to the as-of day)."));

    public static final PartitionSpec PARTITION_SPEC =
            PartitionSpec.builderFor(SCHEMA).identity("as_of_day").build();

    private CallerReputationTable() {}
}
