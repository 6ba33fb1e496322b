package io.convergent.batch.models;

import io.convergent.common.models.BinaryMetrics;
import io.convergent.common.models.ModelSpec;
import io.convergent.common.models.ScoringModel;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A version of a model just trained: what scores with it, XGBoost's own model file, and how it was
 * made and did on the holdout — the registry's row before it has an artifact location.
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
        Instant trainedAt) {}
