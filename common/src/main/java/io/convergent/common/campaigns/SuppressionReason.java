package io.convergent.common.campaigns;

/** Why the contact policy stopped a campaign that fired for an eligible subscriber. */
public enum SuppressionReason {
    /** The subscriber opted out of marketing. */
    OPTED_OUT("opted_out"),
    /** Consent is required and the subscriber never gave it. */
    NO_CONSENT("no_consent"),
    /** The subscriber refused the campaign's channel. */
    CHANNEL_OPTED_OUT("channel_opted_out"),
    /** The same campaign reached the subscriber within its cooldown. */
    COOLDOWN("cooldown"),
    /** The subscriber had the most contacts allowed in 7 days. */
    WEEKLY_CAP("weekly_cap"),
    /** The subscriber had the most contacts allowed in 30 days. */
    MONTHLY_CAP("monthly_cap"),
    /**
     * Held over the subscriber's quiet hours, and by their end the campaign's validity was over. (A
     * trigger in quiet hours is otherwise judged again when they end.)
     */
    QUIET_HOURS("quiet_hours"),
    /** A campaign of higher priority fired on the same event. */
    OUTRANKED("outranked"),
    /**
     * Held over the subscriber's quiet hours, and by their end the campaign had been deleted or
     * replaced by another version: the offer as it fired is withdrawn.
     */
    WITHDRAWN("withdrawn"),
    /**
     * Judged, by the wall clock, more than the policy's longest offer delay after the moment it was
     * for (a backlog worked off after an outage): an offer for a moment long past is not sent.
     */
    STALE("stale");

    private final String key;

    SuppressionReason(String key) {
        this.key = key;
    }

    /** The name in records and tables. */
    public String key() {
        return key;
    }
}
