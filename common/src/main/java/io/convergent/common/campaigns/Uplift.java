package io.convergent.common.campaigns;

/**
 * The uplift of a campaign: the conversion rate of the subscribers sent its offer minus that of the
 * control group, with a 95% confidence interval by Newcombe's hybrid score method (his method 10:
 * Wilson intervals of each rate, combined), which keeps its coverage for small groups and rates
 * near 0 or 1 where the plain normal interval does not.
 */
public record Uplift(
        long treated,
        long treatedConversions,
        long controls,
        long controlConversions,
        double difference,
        double lower,
        double upper) {

    /** The normal quantile of a two-sided 95% interval. */
    private static final double Z = 1.959963984540054;

    /**
     * The uplift of {@code treatedConversions} out of {@code treated} over {@code
     * controlConversions} out of {@code controls}.
     *
     * @throws IllegalArgumentException if a group is empty or has more conversions than members
     */
    public static Uplift of(
            long treated, long treatedConversions, long controls, long controlConversions) {
        if (treated < 1 || controls < 1) {
            throw new IllegalArgumentException(
                    "an uplift needs both groups: "
                            + treated
                            + " treated, "
                            + controls
                            + " controls");
        }
        if (treatedConversions < 0
                || treatedConversions > treated
                || controlConversions < 0
                || controlConversions > controls) {
            throw new IllegalArgumentException("conversions must be between 0 and the group size");
        }
        double p1 = treatedConversions / (double) treated;
        double p2 = controlConversions / (double) controls;
        double[] w1 = wilson(treatedConversions, treated);
        double[] w2 = wilson(controlConversions, controls);
        double d = p1 - p2;
        double lower = d - Math.sqrt(square(p1 - w1[0]) + square(w2[1] - p2));
        double upper = d + Math.sqrt(square(w1[1] - p1) + square(p2 - w2[0]));
        return new Uplift(
                treated, treatedConversions, controls, controlConversions, d, lower, upper);
    }

    public double treatedRate() {
        return treatedConversions / (double) treated;
    }

    public double controlRate() {
        return controlConversions / (double) controls;
    }

    /**
     * Whether the interval excludes zero: the campaign changed conversion, one way or the other.
     */
    public boolean significant() {
        return lower > 0 || upper < 0;
    }

    /** The Wilson score interval of {@code k} successes in {@code n}, as {lower, upper}. */
    static double[] wilson(long k, long n) {
        double p = k / (double) n;
        double z2 = Z * Z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    private static double square(double x) {
        return x * x;
    }
}
