package io.convergent.common.models;

/**
 * How a gradient-boosted tree model is trained, and on which as-of days.
 *
 * @param rounds boosting rounds (trees)
 * @param maxDepth the deepest a tree may grow
 * @param learningRate shrinkage of each tree's contribution (XGBoost's {@code eta})
 * @param minChildWeight the least hessian a leaf must hold, against fitting a handful of rows
 * @param subsample share of rows each tree sees
 * @param columnSample share of features each tree sees
 * @param seed the random seed, so a re-run trains the same trees
 * @param snapshots as-of days the training set stacks (the holdout is one more, later)
 * @param snapshotSpacingDays days between consecutive training as-of days
 */
public record TrainingParameters(
        int rounds,
        int maxDepth,
        double learningRate,
        double minChildWeight,
        double subsample,
        double columnSample,
        long seed,
        int snapshots,
        int snapshotSpacingDays) {

    public static final TrainingParameters DEFAULTS =
            new TrainingParameters(80, 4, 0.1, 5, 0.8, 0.8, 42, 3, 7);
}
