package io.convergent.common.immunity;

/**
 * A caller's recent behaviour as numbers, over a one-hour and a one-day horizon (exponentially
 * decayed counts, see {@link CallerActivity}). Ratios of a horizon with no calls are 0, except the
 * answer ratio, which is 1 (nothing unanswered).
 *
 * @param attempts1h calls placed
 * @param newCallees1h calls to a callee not among the caller's recent ones
 * @param answerRatio1h share of calls answered
 * @param sequentialShare1h share of calls to the number right after the previous callee
 * @param attempts24h calls placed
 * @param answerRatio24h share of calls answered
 * @param shortCallShare24h share of answered calls that lasted under ten seconds
 * @param meanTalkSeconds24h mean talk time of answered calls
 * @param nightShare24h share of calls placed at night
 * @param newCallees24h calls to a callee not among the caller's recent ones
 * @param complaints24h spam or fraud complaints naming the number
 * @param daysSinceMassDialling days since the number was last blocked for mass dialling; -1 when it
 *     never was
 */
public record ReputationFeatures(
        double attempts1h,
        double newCallees1h,
        double answerRatio1h,
        double sequentialShare1h,
        double attempts24h,
        double newCallees24h,
        double answerRatio24h,
        double shortCallShare24h,
        double meanTalkSeconds24h,
        double nightShare24h,
        double complaints24h,
        double daysSinceMassDialling) {

    /** Share of the last hour's calls that went to new callees. */
    public double newCalleeShare1h() {
        return attempts1h <= 0 ? 0 : Math.min(1, newCallees1h / attempts1h);
    }

    /** Share of the last day's calls that went to new callees. */
    public double newCalleeShare24h() {
        return attempts24h <= 0 ? 0 : Math.min(1, newCallees24h / attempts24h);
    }
}
