package io.convergent.infra.generator;

import java.util.SplittableRandom;

/** Distributions the behaviour models draw from, on a caller's {@link SplittableRandom}. */
final class Randoms {

    private Randoms() {}

    /** A Poisson count with the given mean (Knuth's method: the means here are small). */
    static int poisson(SplittableRandom rng, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 60) {
            // Normal approximation: Knuth's loop underflows and is slow for large means.
            return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
        }
        double limit = Math.exp(-mean);
        double product = rng.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= rng.nextDouble();
        }
        return count;
    }

    static double gaussian(SplittableRandom rng) {
        // Box-Muller; the second value is dropped to keep each call one draw pair.
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    /** A log-normal value with the given median and spread, clamped to [min, max]. */
    static long logNormal(SplittableRandom rng, double median, double sigma, long min, long max) {
        double value = median * Math.exp(sigma * gaussian(rng));
        return Math.max(min, Math.min(max, Math.round(value)));
    }

    static boolean chance(SplittableRandom rng, double probability) {
        return rng.nextDouble() < probability;
    }

    /** The index of a weight drawn in proportion to the weights. */
    static int weighted(SplittableRandom rng, double[] cumulative) {
        double u = rng.nextDouble() * cumulative[cumulative.length - 1];
        for (int i = 0; i < cumulative.length; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    static double[] cumulative(double[] weights) {
        double[] cumulative = new double[weights.length];
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] < 0) {
                throw new IllegalArgumentException(
                        "weights must not be negative, got " + weights[i]);
            }
            sum += weights[i];
            cumulative[i] = sum;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("weights must not all be zero");
        }
        return cumulative;
    }
}
