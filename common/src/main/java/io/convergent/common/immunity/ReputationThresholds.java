package io.convergent.common.immunity;

/**
 * The numbers the reputation layer decides by, part of the reloadable rules ({@link
 * ImmunityRules}). Counts are over exponentially decayed horizons (see {@link CallerActivity}):
 * "per hour" is the decayed count with a one-hour time constant, which a steady caller's hourly
 * count converges to.
 *
 * @param massDialAttemptsPerHour calls in the last hour from which a caller that reaches mostly new
 *     callees and is rarely answered (or dials numbers in sequence) is a mass dialler
 * @param massDialAttemptsPerDay the same over the last day, so a known mass dialler is blocked from
 *     the first call of its next burst
 * @param newCalleeShare the share of calls to callees new to the caller that counts as "mostly new"
 * @param answerRatio the answer ratio at or below which a caller is "rarely answered"
 * @param sequentialShare the share of calls to the number right after the previous callee that
 *     marks dialling down a number range
 * @param complaintsPerDay spam or fraud complaints naming the number in the last day that block it
 * @param hintScore the reputation score from which an allowed call from a number new to the callee
 *     rings with a "possible spam" hint
 * @param massDialMemoryDays how long a number stays blocked after it was last caught mass dialling
 *     (diallers skip days; 0 turns the memory off)
 */
public record ReputationThresholds(
        double massDialAttemptsPerHour,
        double massDialAttemptsPerDay,
        double newCalleeShare,
        double answerRatio,
        double sequentialShare,
        double complaintsPerDay,
        double hintScore,
        double massDialMemoryDays)
        implements java.io.Serializable {

    public ReputationThresholds {
        positive("massDialAttemptsPerHour", massDialAttemptsPerHour);
        positive("massDialAttemptsPerDay", massDialAttemptsPerDay);
        share("newCalleeShare", newCalleeShare);
        share("answerRatio", answerRatio);
        share("sequentialShare", sequentialShare);
        positive("complaintsPerDay", complaintsPerDay);
        share("hintScore", hintScore);
        if (!(massDialMemoryDays >= 0) || Double.isInfinite(massDialMemoryDays)) {
            throw new IllegalArgumentException(
                    "massDialMemoryDays must be zero or a positive number, got "
                            + massDialMemoryDays);
        }
    }

    /**
     * The shipped thresholds, tuned by hand on generator seed 4141 (5,000 subscribers, 7 days, the
     * default proportions) replayed through {@link CallerReputation} offline; the figures in {@code
     * docs/EVALUATION.md} come from the job on other seeds and proportions.
     */
    public static ReputationThresholds standard() {
        return new ReputationThresholds(15, 40, 0.8, 0.3, 0.5, 3, 0.5, 7);
    }

    private static void positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive number, got " + value);
        }
    }

    private static void share(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }
}
