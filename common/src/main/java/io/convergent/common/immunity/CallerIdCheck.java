package io.convergent.common.immunity;

import io.convergent.common.event.Ingress;
import io.convergent.common.numbering.NumberCategory;
import java.util.Objects;

/**
 * The first layer of Digital Immunity: is the presented caller id possible, given the route the
 * call took? Pure and stateless; the caller supplies the one piece of state it needs, whether the
 * owner of one of our numbers was registered abroad when the call started.
 *
 * <ul>
 *   <li>A number from no allocated range, or a caller id that is no number at all, is blocked,
 *       whatever the route.
 *   <li>One of our numbers arriving over an interconnect or the international gateway is blocked
 *       unless its owner is roaming: at home, the owner's SIM would have placed the call on our
 *       radio network.
 *   <li>A domestic fixed line arriving over the international gateway is blocked: fixed lines do
 *       not roam.
 *   <li>A domestic mobile of another operator arriving over the international gateway is allowed
 *       but flagged: its owner may be roaming, which only that operator knows.
 *   <li>A short service number arriving over the international gateway is blocked: a domestic short
 *       number cannot call from abroad, and "900 calling" is the fake bank's favourite disguise.
 *       Over a domestic interconnect it is allowed but flagged: banks' contact centres present
 *       their short numbers through other operators' networks, and so do forgers; only the phone's
 *       hint can tell the subscriber to call back.
 * </ul>
 */
public final class CallerIdCheck {

    private CallerIdCheck() {}

    public static CallerIdAssessment assess(
            NumberCategory callerCategory, Ingress ingress, boolean ownerAbroad) {
        Objects.requireNonNull(callerCategory, "callerCategory");
        Objects.requireNonNull(ingress, "ingress");
        if (callerCategory == NumberCategory.UNALLOCATED) {
            return CallerIdAssessment.block(DecisionReason.UNALLOCATED_NUMBER);
        }
        if (ingress == Ingress.ON_NET) {
            // Placed by a SIM our network authenticated: the caller id is the SIM's own.
            return CallerIdAssessment.CLEAN;
        }
        return switch (callerCategory) {
            case OURS ->
                    ownerAbroad
                            ? CallerIdAssessment.CLEAN
                            : CallerIdAssessment.block(DecisionReason.OUR_NUMBER_FROM_OUTSIDE);
            case DOMESTIC_FIXED ->
                    ingress == Ingress.INTERNATIONAL
                            ? CallerIdAssessment.block(
                                    DecisionReason.DOMESTIC_FIXED_VIA_INTERNATIONAL)
                            : CallerIdAssessment.CLEAN;
            case DOMESTIC_MOBILE ->
                    ingress == Ingress.INTERNATIONAL
                            ? CallerIdAssessment.flag(
                                    DecisionReason.DOMESTIC_MOBILE_VIA_INTERNATIONAL)
                            : CallerIdAssessment.CLEAN;
            case SERVICE ->
                    ingress == Ingress.INTERNATIONAL
                            ? CallerIdAssessment.block(DecisionReason.SHORT_NUMBER_FROM_ABROAD)
                            : CallerIdAssessment.flag(DecisionReason.SHORT_NUMBER_VIA_INTERCONNECT);
            // A withheld number presents nothing that could be forged.
            case FOREIGN, UNALLOCATED, WITHHELD -> CallerIdAssessment.CLEAN;
        };
    }

    /**
     * A caller id that is no number at all (neither E.164 nor a short number): blocked whatever the
     * route, as no operator can hold it.
     */
    public static CallerIdAssessment assessInvalid() {
        return CallerIdAssessment.block(DecisionReason.INVALID_CALLER_ID);
    }

    /** Whether {@link #assess} needs to know if the owner is abroad: only for our own numbers. */
    public static boolean needsRoamingState(NumberCategory callerCategory, Ingress ingress) {
        return callerCategory == NumberCategory.OURS && ingress != Ingress.ON_NET;
    }
}
