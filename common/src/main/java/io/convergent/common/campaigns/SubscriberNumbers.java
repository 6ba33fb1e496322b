package io.convergent.common.campaigns;

import io.convergent.common.numbering.NumberRange;
import io.convergent.common.numbering.NumberingPlan;
import java.util.Objects;

/**
 * Whether a phone number given for a subscriber's contact preferences (an opt-out, an opt-in) can
 * be one of our subscribers', by the numbering plan in force. Preferences are keyed by the
 * pseudonym of the number, so one for a number no subscriber of ours holds is written and never
 * matches anyone, while the person it was meant for keeps receiving offers.
 *
 * <ul>
 *   <li>{@link Fit#OURS}: one of our ranges.
 *   <li>{@link Fit#IF_PORTED_IN}: another domestic mobile operator's range. Ours only if the
 *       subscriber brought the number with them (mobile number portability), which the plan cannot
 *       tell: refusing would leave such a subscriber's opt-out unrecorded, the one mistake the
 *       contact policy must not make.
 *   <li>{@link Fit#IF_PLAN_IS_BEHIND}: a range no operator holds in the plan in force. Ours only if
 *       the range was allocated to us after the plan was written; refusing would then leave a real
 *       subscriber's opt-out unrecorded, as above.
 *   <li>{@link Fit#NEVER}: another country's number or a fixed line (not portable to a mobile
 *       operator): no subscriber of ours has one.
 * </ul>
 *
 * Explanations never quote the number.
 */
public final class SubscriberNumbers {

    /** How a number fits our subscribers. */
    public enum Fit {
        OURS,
        IF_PORTED_IN,
        IF_PLAN_IS_BEHIND,
        NEVER
    }

    /**
     * @param explanation what the number is and what follows, without the number; empty for {@link
     *     Fit#OURS}
     */
    public record Judgement(Fit fit, String explanation) {
        public Judgement {
            Objects.requireNonNull(fit, "fit");
            Objects.requireNonNull(explanation, "explanation");
        }
    }

    private SubscriberNumbers() {}

    /**
     * How {@code e164}, a canonical number, fits our subscribers under {@code plan}.
     *
     * @throws IllegalArgumentException if {@code e164} is not {@code +} and digits
     */
    public static Judgement judge(NumberingPlan plan, String e164) {
        Objects.requireNonNull(plan, "plan");
        if (e164 == null || !e164.matches("\\+[1-9][0-9]{4,14}")) {
            // Not quoted: it may be a number.
            throw new IllegalArgumentException("not a canonical E.164 number");
        }
        NumberRange range = plan.lookup(e164);
        String never = ": no subscriber of ours has one, so preferences for it would never apply";
        return switch (range.category()) {
            case OURS -> new Judgement(Fit.OURS, "");
            case DOMESTIC_MOBILE ->
                    new Judgement(
                            Fit.IF_PORTED_IN,
                            "in another operator's range ("
                                    + named(range.operator(), "operator unknown")
                                    + "): it is one of our subscribers only if they brought the"
                                    + " number to us (number portability); otherwise the"
                                    + " preferences never apply to anyone");
            case FOREIGN ->
                    new Judgement(
                            Fit.NEVER,
                            "a number of another country ("
                                    + named(range.country(), "country unknown")
                                    + ")"
                                    + never);
            case DOMESTIC_FIXED ->
                    new Judgement(
                            Fit.NEVER,
                            "a fixed line ("
                                    + named(range.operator(), "operator unknown")
                                    + "), which cannot be ported to a mobile operator"
                                    + never);
            // SERVICE and WITHHELD describe no range: lookup never returns them.
            default ->
                    new Judgement(
                            Fit.IF_PLAN_IS_BEHIND,
                            "in a range no operator holds (unallocated in the numbering plan): it"
                                    + " is one of our subscribers only if the range was allocated"
                                    + " to us after the plan was written; otherwise the"
                                    + " preferences never apply to anyone");
        };
    }

    private static String named(String name, String fallback) {
        return name == null || name.isBlank() ? fallback : name;
    }
}
