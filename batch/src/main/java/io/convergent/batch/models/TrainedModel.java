package io.convergent.batch.models;

import io.convergent.common.features.FeatureCatalog;
import io.convergent.common.models.BinaryMetrics;
import io.convergent.common.models.ModelSpec;
import io.convergent.common.models.ScoringModel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A version of a model just trained: what scores with it, XGBoost's own model file, and how it was
 * made and did on the holdout — the registry's row before it has an artifact location.
 *
 * @param trainingDaysWithoutFeatures the as-of days the model's spec trains on that had no features
 *     (before the history began, or not tiled), so their rows are missing from the training set
 */
public record TrainedModel(
        ModelSpec spec,
        String version,
        LocalDate cutoff,
        ScoringModel scoring,
        byte[] xgboostModel,
        LocalDate trainingFrom,
        LocalDate trainingTo,
        LocalDate holdoutAsOf,
        long trainingRows,
        long trainingPositives,
        BinaryMetrics holdout,
        double trainingSeconds,
        Instant trainedAt,
        LocalDate historyFrom,
        List<LocalDate> trainingDaysWithoutFeatures) {

    public TrainedModel {
        trainingDaysWithoutFeatures = List.copyOf(trainingDaysWithoutFeatures);
    }

    /**
     * The windows (in days) of the model's features that, as of its earliest training day, folded
     * fewer days than their length because the history began later: what it learnt of them is of
     * shorter history than its scores will read. Empty when the history is unknown.
     */
    public SortedSet<Integer> shortWindows() {
        SortedSet<Integer> windows = new TreeSet<>();
        if (historyFrom == null) {
            return windows;
        }
        long covered = trainingFrom.toEpochDay() - historyFrom.toEpochDay() + 1;
        for (String feature : spec.features()) {
            if (!FeatureCatalog.names().contains(feature)) {
                continue;
            }
            int window = FeatureCatalog.windowOf(feature);
            if (covered < window) {
                windows.add(window);
            }
        }
        return windows;
    }
}
