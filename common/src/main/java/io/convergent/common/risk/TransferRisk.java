package io.convergent.common.risk;

import io.convergent.common.state.AnsweredCall;
import io.convergent.common.state.SubscriberState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Whether a transfer in flight looks like one made under a fraudster's direction, from what the
 * network knows of its sender right now (the scam indicator banks buy from operators):
 *
 * <ul>
 *   <li>on a call with a stranger (a withheld number, one never in contact before, or one with a
 *       poor reputation): {@code HOLD} once the call has lasted {@link #longCall}, else {@code
 *       REVIEW}; a long call with a stranger that ended within {@link #recentCall} asks for {@code
 *       REVIEW}, {@code HOLD} when the beneficiary is new;
 *   <li>a SIM swap within {@link #freshSwap}: {@code HOLD} for a new beneficiary, else {@code
 *       REVIEW}; within {@link #recentSwap}: {@code REVIEW};
 *   <li>unconditional call forwarding switched on within {@link #freshSwap}: {@code REVIEW}, {@code
 *       HOLD} for a new beneficiary (the bank's call-back would reach the fraudster);
 *   <li>a new handset within {@link #freshSwap}: {@code REVIEW}.
 * </ul>
 *
 * The most cautious reason wins; no reason means {@code ALLOW}. Immutable and thread-safe.
 */
public record TransferRisk(
        Duration longCall, Duration recentCall, Duration freshSwap, Duration recentSwap) {

    public TransferRisk {
        for (Duration d : List.of(longCall, recentCall, freshSwap, recentSwap)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive, got " + d);
            }
        }
    }

    /** 5-minute calls, calls ended within 30 minutes, swaps within 24 hours and 7 days. */
    public static TransferRisk standard() {
        return new TransferRisk(
                Duration.ofMinutes(5),
                Duration.ofMinutes(30),
                Duration.ofHours(24),
                Duration.ofDays(7));
    }

    /**
     * Assesses a transfer made at {@code at}.
     *
     * @param state the sender's state, {@code null} when the network knows nothing of them
     * @param poorlyReputed whether a number (the other party of one of the sender's calls) has a
     *     poor reputation (serving knows it from the batch view)
     */
    public TransferAssessment assess(
            SubscriberState state,
            boolean newBeneficiary,
            Predicate<String> poorlyReputed,
            long at) {
        List<RiskReason> reasons = new ArrayList<>();
        if (state != null) {
            call(state, newBeneficiary, poorlyReputed, at, reasons);
            recent(
                    state.lastSimSwapAt,
                    at,
                    newBeneficiary,
                    "SIM_SWAP",
                    "SIM swapped %s ago",
                    true,
                    reasons);
            if (state.forwardingActive) {
                recent(
                        state.forwardingChangedAt,
                        at,
                        newBeneficiary,
                        "CALL_FORWARDING",
                        "unconditional call forwarding switched on %s ago",
                        false,
                        reasons);
            }
            if (within(state.lastDeviceChangeAt, at, freshSwap)) {
                reasons.add(
                        new RiskReason(
                                "DEVICE_CHANGE",
                                "new handset " + ago(at - state.lastDeviceChangeAt) + " ago",
                                TransferDecision.REVIEW));
            }
        }
        TransferDecision decision = TransferDecision.ALLOW;
        for (RiskReason reason : reasons) {
            decision = decision.atLeast(reason.asks());
        }
        return new TransferAssessment(decision, reasons);
    }

    /**
     * How far the clock of the events (the switch's, the HLR's) may run ahead of the clock that
     * asks: a SIM swap stamped a few seconds "in the future" is the freshest and riskiest there is,
     * not one to ignore.
     */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /**
     * The sender's risky calls: one going on now with a stranger or a poorly reputed number (the
     * longest, if several: call waiting), and a long one with such a party that ended within {@link
     * #recentCall} (the latest); each is a reason. A call whose end is only presumed (its record
     * never came) is no recent call once that presumed end has passed.
     */
    private void call(
            SubscriberState state,
            boolean newBeneficiary,
            Predicate<String> poorlyReputed,
            long at,
            List<RiskReason> reasons) {
        AnsweredCall going = null;
        long goingFor = -1;
        AnsweredCall ended = null;
        for (AnsweredCall call : state.calls) {
            boolean poor = call.counterpart != null && poorlyReputed.test(call.counterpart);
            if (!call.withStranger() && !poor) {
                continue;
            }
            // A call answered "in the future" by less than the skew was answered just now.
            long now = ahead(call.answeredAt, at) ? call.answeredAt : at;
            long talked = Math.min(now, call.endsAt) - call.answeredAt;
            if (call.onAt(now)) {
                if (talked > goingFor) {
                    going = call;
                    goingFor = talked;
                }
            } else if (!call.endPresumed
                    && talked >= longCall.toMillis()
                    && within(call.endsAt, at, recentCall)
                    && (ended == null || call.endsAt > ended.endsAt)) {
                ended = call;
            }
        }
        if (going != null) {
            reasons.add(
                    new RiskReason(
                            "ON_CALL_WITH_UNKNOWN_NUMBER",
                            "on a call with "
                                    + party(going, poorlyReputed)
                                    + " for "
                                    + ago(goingFor),
                            goingFor >= longCall.toMillis()
                                    ? TransferDecision.HOLD
                                    : TransferDecision.REVIEW));
        }
        if (ended != null) {
            reasons.add(
                    new RiskReason(
                            "RECENT_CALL_WITH_UNKNOWN_NUMBER",
                            "a "
                                    + ago(ended.endsAt - ended.answeredAt)
                                    + " call with "
                                    + party(ended, poorlyReputed)
                                    + " ended "
                                    + ago(at - ended.endsAt)
                                    + " ago",
                            newBeneficiary ? TransferDecision.HOLD : TransferDecision.REVIEW));
        }
    }

    private static String party(AnsweredCall call, Predicate<String> poorlyReputed) {
        if (call.counterpart != null && poorlyReputed.test(call.counterpart)) {
            return "a number with a poor reputation";
        }
        return call.counterpart == null ? "a withheld number" : "an unknown number";
    }

    private void recent(
            long since,
            long at,
            boolean newBeneficiary,
            String code,
            String message,
            boolean reviewLonger,
            List<RiskReason> reasons) {
        if (within(since, at, freshSwap)) {
            reasons.add(
                    new RiskReason(
                            code,
                            String.format(message, ago(at - since)),
                            newBeneficiary ? TransferDecision.HOLD : TransferDecision.REVIEW));
        } else if (reviewLonger && within(since, at, recentSwap)) {
            reasons.add(
                    new RiskReason(
                            code,
                            String.format(message, ago(at - since)),
                            TransferDecision.REVIEW));
        }
    }

    /**
     * Whether {@code since} fell within {@code window} before {@code at}; a time ahead of {@code
     * at} by no more than {@link #CLOCK_SKEW} counts as just now, each time on its own (one event
     * stamped far ahead does not move the others).
     */
    private static boolean within(long since, long at, Duration window) {
        return since > 0 && (since <= at || ahead(since, at)) && at - since < window.toMillis();
    }

    private static boolean ahead(long time, long at) {
        return time > at && time - at <= CLOCK_SKEW.toMillis();
    }

    /** "40 seconds", "12 minutes", "3 hours", "2 days": the unit a person would say. */
    static String ago(long millis) {
        long seconds = Math.max(0, millis / 1000);
        if (seconds < 120) {
            return plural(seconds, "second");
        }
        long minutes = seconds / 60;
        if (minutes < 120) {
            return plural(minutes, "minute");
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return plural(hours, "hour");
        }
        return plural(hours / 24, "day");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
