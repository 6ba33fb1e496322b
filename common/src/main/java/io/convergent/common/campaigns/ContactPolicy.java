package io.convergent.common.campaigns;

import io.convergent.common.campaigns.CampaignDefinition.OfferChannel;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * The rules every campaign obeys together, whatever each campaign wants: how often a subscriber may
 * be contacted, when not (quiet hours in the subscriber's own time), and whether marketing needs
 * recorded consent. Each campaign adds its own cooldown and priority.
 *
 * @param maxPerWeek contacts (sent offers, all campaigns) in any 7 days
 * @param maxPerMonth contacts in any 30 days
 * @param quietFrom the local time quiet hours start (inclusive)
 * @param quietTo the local time they end (exclusive); equal to {@code quietFrom}: none
 * @param consentRequired whether a subscriber is contacted only after consenting (without it, only
 *     an opt-out stops contacts)
 * @param defaultZone the zone of a subscriber whose whereabouts are unknown
 * @param maxOfferDelay how long after the moment it is for (the event, or the end of the quiet
 *     hours that held it) an offer may still go out, by the wall clock; judged later (a backlog
 *     worked off after an outage), it is suppressed as {@link SuppressionReason#STALE}. {@code
 *     null}: no limit, as for a history replayed to evaluate campaigns
 */
public record ContactPolicy(
        int maxPerWeek,
        int maxPerMonth,
        LocalTime quietFrom,
        LocalTime quietTo,
        boolean consentRequired,
        ZoneId defaultZone,
        Duration maxOfferDelay)
        implements java.io.Serializable {

    public static final long DAY_MILLIS = 86_400_000L;

    /** The longest span the policy looks back over: the monthly cap's. */
    public static final long MEMORY_MILLIS = 30 * DAY_MILLIS;

    public ContactPolicy {
        Objects.requireNonNull(quietFrom, "quietFrom");
        Objects.requireNonNull(quietTo, "quietTo");
        Objects.requireNonNull(defaultZone, "defaultZone");
        if (maxOfferDelay != null && (maxOfferDelay.isNegative() || maxOfferDelay.isZero())) {
            throw new IllegalArgumentException(
                    "the longest offer delay must be positive, got " + maxOfferDelay);
        }
        if (maxPerWeek < 1 || maxPerMonth < maxPerWeek) {
            throw new IllegalArgumentException(
                    "contact caps: at least 1 a week, and no fewer a month than a week; got "
                            + maxPerWeek
                            + " a week, "
                            + maxPerMonth
                            + " a month");
        }
    }

    /** A policy without a longest offer delay. */
    public ContactPolicy(
            int maxPerWeek,
            int maxPerMonth,
            LocalTime quietFrom,
            LocalTime quietTo,
            boolean consentRequired,
            ZoneId defaultZone) {
        this(maxPerWeek, maxPerMonth, quietFrom, quietTo, consentRequired, defaultZone, null);
    }

    /** Two contacts a week, four a month, nothing from 21:00 to 09:00, opt-out based. */
    public static ContactPolicy standard() {
        return new ContactPolicy(
                2, 4, LocalTime.of(21, 0), LocalTime.of(9, 0), false, ZoneId.of("Europe/Moscow"));
    }

    /**
     * When the quiet hours that hold {@code local} end: the next {@code quietTo} on the local
     * clock, today or tomorrow (a day that skips or repeats that time, as at a change of clocks,
     * takes the zone's resolution of it).
     */
    public ZonedDateTime quietEnd(ZonedDateTime local) {
        ZonedDateTime end = local.with(quietTo).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        return end.isAfter(local) ? end : local.plusDays(1).with(quietTo);
    }

    /**
     * Whether {@code channel} may not reach the subscriber at {@code local}: e-mail waits in the
     * inbox, so quiet hours hold only for what rings or lights up a phone.
     */
    public boolean quiet(OfferChannel channel, ZonedDateTime local) {
        if (channel == OfferChannel.EMAIL || quietFrom.equals(quietTo)) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        if (quietFrom.isBefore(quietTo)) {
            return !time.isBefore(quietFrom) && time.isBefore(quietTo);
        }
        // Across midnight: 21:00-09:00 is quiet from 21:00 to 23:59 and from 00:00 to 08:59.
        return !time.isBefore(quietFrom) || time.isBefore(quietTo);
    }
}
