package io.convergent.streaming.lake;

import io.convergent.common.features.FeatureCatalog;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;

/**
 * The tables of the batch layer's models: the window features each model reads ({@code
 * features_window}), every trained version with its holdout figures ({@code model_registry}) and
 * every subscriber's score ({@code model_scores}). Days are UTC; a re-run of a day replaces its
 * partitions.
 */
public final class ModelTables {

    public static final Schema FEATURES_WINDOW_SCHEMA = featuresWindowSchema();

    public static final PartitionSpec FEATURES_WINDOW_PARTITION_SPEC =
            PartitionSpec.builderFor(FEATURES_WINDOW_SCHEMA).identity("as_of_day").build();

    public static final Schema REGISTRY_SCHEMA =
            new Schema(
                    NestedField.required(1, "model", Types.StringType.get(), "The model's name."),
                    NestedField.required(
                            2,
                            "version",
                            Types.StringType.get(),
                            "<cutoff day>.<spec digest>: training the same specification at the"
                                    + " same cutoff again replaces the version."),
                    NestedField.required(
                            3,
                            "trained_at",
                            Types.TimestampType.withZone(),
                            "When the version was trained."),
                    NestedField.required(
                            4,
                            "cutoff_day",
                            Types.DateType.get(),
                            "The last day of history the training saw (features and labels)."),
                    NestedField.required(
                            5, "description", Types.StringType.get(), "What the model predicts."),
                    NestedField.required(
                            6,
                            "label",
                            Types.StringType.get(),
                            "The label definition: table, condition and horizon."),
                    NestedField.required(
                            7,
                            "algorithm",
                            Types.StringType.get(),
                            "How it was trained, with its parameters."),
                    NestedField.required(
                            8,
                            "features",
                            Types.ListType.ofRequired(9, Types.StringType.get()),
                            "The features it reads, in order (features_window columns)."),
                    NestedField.required(
                            10,
                            "training_from",
                            Types.DateType.get(),
                            "The earliest as-of day of the training set."),
                    NestedField.required(
                            11,
                            "training_to",
                            Types.DateType.get(),
                            "The latest as-of day of the training set; its labels end before the"
                                    + " holdout's as-of day."),
                    NestedField.required(
                            12,
                            "holdout_as_of",
                            Types.DateType.get(),
                            "The as-of day of the time-based holdout the metrics come from."),
                    NestedField.required(
                            13, "training_rows", Types.LongType.get(), "Rows trained on."),
                    NestedField.required(
                            14, "training_positives", Types.LongType.get(), "Of which labelled 1."),
                    NestedField.required(
                            15, "holdout_rows", Types.LongType.get(), "Rows of the holdout."),
                    NestedField.required(
                            16, "holdout_positives", Types.LongType.get(), "Of which labelled 1."),
                    NestedField.optional(
                            17,
                            "auc",
                            Types.DoubleType.get(),
                            "ROC AUC on the holdout (0.5 is chance); null without both classes."),
                    NestedField.optional(
                            18,
                            "pr_auc",
                            Types.DoubleType.get(),
                            "Average precision on the holdout (the positive rate is chance)."),
                    NestedField.optional(
                            19,
                            "lift_at_10",
                            Types.DoubleType.get(),
                            "Positive rate of the best-scored 10 % of the holdout over the"
                                    + " holdout's (1 is chance)."),
                    NestedField.required(
                            20,
                            "training_seconds",
                            Types.DoubleType.get(),
                            "Wall time of the training itself (not the feature reads)."),
                    NestedField.required(
                            21,
                            "artifact_location",
                            Types.StringType.get(),
                            "The scoring model (JSON trees, ScoringModel) every scorer loads."),
                    NestedField.required(
                            22,
                            "spec",
                            Types.StringType.get(),
                            "The specification's text the version was trained from."),
                    NestedField.optional(
                            23,
                            "history_from",
                            Types.DateType.get(),
                            "The first day of features_daily when the version was trained; null"
                                    + " for versions registered before it was recorded."),
                    NestedField.optional(
                            24,
                            "short_windows",
                            Types.ListType.ofRequired(25, Types.IntegerType.get()),
                            "The window lengths (days) of its features that, as of its earliest"
                                    + " training day, held fewer days than their length, the"
                                    + " history beginning later: it learnt them from shorter"
                                    + " history than its scores read. Empty: none; null for"
                                    + " versions registered before it was recorded."));

    public static final PartitionSpec REGISTRY_PARTITION_SPEC =
            PartitionSpec.builderFor(REGISTRY_SCHEMA).identity("model").build();

    public static final Schema SCORES_SCHEMA =
            new Schema(
                    NestedField.required(
                            1,
                            "as_of_day",
                            Types.DateType.get(),
                            "The features' as-of day: the batch run's cutoff."),
                    NestedField.required(2, "model", Types.StringType.get(), "The model."),
                    NestedField.required(
                            3, "version", Types.StringType.get(), "The version that scored."),
                    NestedField.required(
                            4,
                            "subscriber",
                            Types.StringType.get(),
                            "Pseudonym of the subscriber's phone number."),
                    NestedField.required(
                            5,
                            "score",
                            Types.DoubleType.get(),
                            "Probability of the label in the model's horizon, 0 to 1."));

    public static final PartitionSpec SCORES_PARTITION_SPEC =
            PartitionSpec.builderFor(SCORES_SCHEMA).identity("as_of_day").identity("model").build();

    private ModelTables() {}

    private static Schema featuresWindowSchema() {
        List<NestedField> columns = new ArrayList<>();
        columns.add(
                NestedField.required(
                        1,
                        "as_of_day",
                        Types.DateType.get(),
                        "The features are as of the end of this UTC day."));
        columns.add(
                NestedField.required(
                        2,
                        "subscriber",
                        Types.StringType.get(),
                        "Pseudonym of the subscriber's phone number."));
        int id = 3;
        for (int days : FeatureCatalog.WINDOWS) {
            for (FeatureCatalog.Definition d : FeatureCatalog.definitions()) {
                columns.add(
                        NestedField.required(
                                id++,
                                d.name() + "_" + days + "d",
                                Types.DoubleType.get(),
                                "Over the "
                                        + days
                                        + " days to the as-of day: "
                                        + d.description()
                                        + "."));
            }
        }
        return new Schema(columns);
    }
}
