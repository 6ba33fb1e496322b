package io.convergent.infra.evaluate;

import java.util.Locale;

/**
 * A detector's confusion counts against ground truth, and the figures the quality targets are set
 * in. A ratio with nothing to divide by is reported as {@code NaN}, never as a flattering 1.
 */
public record DetectionScore(
        long truePositives, long falsePositives, long falseNegatives, long trueNegatives) {

    public DetectionScore {
        if (truePositives < 0 || falsePositives < 0 || falseNegatives < 0 || trueNegatives < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    /** Of what was caught, the share that was truly bad. */
    public double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    /** Of what was truly bad, the share caught. */
    public double recall() {
        return ratio(truePositives, truePositives + falseNegatives);
    }

    /** Of what was legitimate, the share wrongly caught. */
    public double falsePositiveRate() {
        return ratio(falsePositives, falsePositives + trueNegatives);
    }

    public long positives() {
        return truePositives + falseNegatives;
    }

    public long negatives() {
        return falsePositives + trueNegatives;
    }

    /**
     * {@code numerator / denominator}, or NaN when there is nothing to divide: never a flattering
     * 0.
     */
    static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }

    /** A ratio as the evaluation prints it: three decimals of a percent, or "n/a". */
    static String percent(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f%%", 100 * value);
    }
}
