package io.convergent.common.immunity;

/**
 * One thing about a caller's recent behaviour that lowers its reputation. A reputation's score is
 * the sum of the weights of the signals it raises (capped at 1), so each score explains itself.
 */
public enum ReputationSignal {
    /** Many calls in the last hour. */
    HIGH_VOLUME(0.15),
    /** Most of the last hour's calls went to callees the caller had not called recently. */
    MANY_NEW_CALLEES(0.2),
    /** Few of the last hour's calls were answered. */
    FEW_ANSWERED(0.3),
    /** Most answered calls of the last day were hung up within seconds. */
    SHORT_CALLS(0.2),
    /** The caller dials numbers in sequence, down a number range. */
    SEQUENTIAL_DIALLING(0.3),
    /** Most calls of the last day were placed at night (22:00 to 07:00, Moscow time). */
    NIGHT_CALLING(0.05),
    /** Subscribers complained about the number more than once in the last day. */
    COMPLAINTS(0.3),
    /** The number was caught mass dialling within the rules' memory. */
    RECENT_MASS_DIALLING(0.5);

    private final double weight;

    ReputationSignal(double weight) {
        this.weight = weight;
    }

    public double weight() {
        return weight;
    }
}
