package io.convergent.infra.evaluate;

/**
 * How the reputation layer did against the generator's mass diallers: per call and per number, and
 * how many legitimate callers it blocked at least once (the "false blocks among legitimate
 * callers"). A block counts when its layer is {@code MASS_DIALLING} or {@code COMPLAINTS}.
 *
 * @param spamCalls scored calls placed by mass diallers
 * @param spamCallsBlocked of those, blocked
 * @param spamCallsHinted of those, allowed with a hint
 * @param spammers mass diallers that placed a scored call
 * @param spammersBlocked of those, blocked at least once
 * @param legitimateCallers other callers that placed a scored call (spoofed calls not counted:
 *     their caller id is a victim's)
 * @param legitimateCallersBlocked of those, blocked at least once
 * @param legitimateCallsBlocked calls of legitimate callers blocked
 * @param bulkCallers legitimate bulk callers (shops, delivery services) that placed a scored call
 * @param bulkCallersBlocked of those, blocked at least once
 */
public record MassDialScore(
        long spamCalls,
        long spamCallsBlocked,
        long spamCallsHinted,
        long spammers,
        long spammersBlocked,
        long legitimateCallers,
        long legitimateCallersBlocked,
        long legitimateCallsBlocked,
        long bulkCallers,
        long bulkCallersBlocked) {

    /** The share of mass diallers' calls blocked. */
    public double callRecall() {
        return DetectionScore.ratio(spamCallsBlocked, spamCalls);
    }

    /** The share of mass diallers blocked at least once. */
    public double numberRecall() {
        return DetectionScore.ratio(spammersBlocked, spammers);
    }

    /** The share of legitimate callers blocked at least once. */
    public double falseBlockRate() {
        return DetectionScore.ratio(legitimateCallersBlocked, legitimateCallers);
    }
}
