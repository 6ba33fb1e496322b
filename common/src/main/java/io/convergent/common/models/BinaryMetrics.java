package io.convergent.common.models;

import java.util.Arrays;

/**
 * How well scores rank positives above negatives on a holdout: ROC AUC, PR AUC (average precision)
 * and the lift in the top 10 % — the figures the model registry keeps for every version.
 *
 * @param rows scored rows
 * @param positives rows whose label is 1
 * @param auc area under the ROC curve; 0.5 for a constant or random score, ties counted half
 * @param prAuc average precision; the base rate for a random score
 * @param liftAt10 the positive rate among the 10 % best-scored rows over the base rate; 1 for a
 *     random score
 */
public record BinaryMetrics(long rows, long positives, double auc, double prAuc, double liftAt10) {

    /** The share of positive rows. */
    public double baseRate() {
        return rows == 0 ? 0 : positives / (double) rows;
    }

    /**
     * The metrics of {@code scores} against {@code labels} (1 positive, 0 negative). With no
     * positive or no negative row, AUC and PR AUC are undefined and reported as NaN.
     */
    public static BinaryMetrics of(double[] scores, int[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(
                    scores.length + " scores for " + labels.length + " labels");
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Best score first.
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return new BinaryMetrics(n, positives, Double.NaN, Double.NaN, Double.NaN);
        }
        // ROC AUC: for each group of tied scores, the positives in it beat the negatives below
        // and half of the negatives tied with them.
        double wins = 0;
        long negativesAbove = 0;
        // Average precision: precision at each positive, ties resolved as a group.
        double precisionSum = 0;
        long seen = 0;
        long positivesSeen = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            long groupPositives = 0;
            while (j < n && scores[order[j]] == scores[order[i]]) {
                groupPositives += labels[order[j]] == 1 ? 1 : 0;
                j++;
            }
            long groupNegatives = (j - i) - groupPositives;
            long negativesBelow = negatives - negativesAbove - groupNegatives;
            wins += groupPositives * (negativesBelow + groupNegatives / 2.0);
            seen += j - i;
            positivesSeen += groupPositives;
            precisionSum += groupPositives * (positivesSeen / (double) seen);
            negativesAbove += groupNegatives;
            i = j;
        }
        double auc = wins / (positives * (double) negatives);
        double prAuc = precisionSum / positives;
        int top = Math.max(1, (int) Math.ceil(n * 0.10));
        long topPositives = 0;
        for (int k = 0; k < top; k++) {
            topPositives += labels[order[k]] == 1 ? 1 : 0;
        }
        double lift = (topPositives / (double) top) / (positives / (double) n);
        return new BinaryMetrics(n, positives, auc, prAuc, lift);
    }
}
