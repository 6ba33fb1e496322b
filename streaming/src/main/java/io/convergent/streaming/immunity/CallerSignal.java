package io.convergent.streaming.immunity;

import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.common.numbering.NumberCategory;
import java.util.Objects;

/**
 * What the reputation layer hears about one caller, keyed by its pseudonym: a call with the
 * caller-id layer's verdict on it, or a complaint naming the number. A call whose caller withheld
 * the number, or presented a short service number, has only its verdict, which the layer passes on
 * untouched: it rides this stream, not one of its own, so the decisions leave from a single
 * operator that their sinks chain to.
 *
 * @param caller pseudonym of the presented A-number, or of the number complained about; for a
 *     verdict alone, {@code verdict/<event id>}, a key no state is kept under
 * @param time call setup or complaint filing, epoch ms
 * @param call the call; {@code null} for a complaint or a verdict alone
 * @param callerIdVerdict the caller-id layer's decision on the call; {@code null} for a complaint
 */
public record CallerSignal(
        String caller, long time, ScreenedCall call, ImmunityDecision callerIdVerdict) {

    public CallerSignal {
        Objects.requireNonNull(caller, "caller");
        if (call != null && callerIdVerdict == null) {
            throw new IllegalArgumentException("a call comes with its verdict");
        }
        if (call == null
                && callerIdVerdict != null
                && callerIdVerdict.callerCategory() != NumberCategory.WITHHELD
                && callerIdVerdict.callerCategory() != NumberCategory.SERVICE) {
            throw new IllegalArgumentException(
                    "only a withheld or short-number caller's verdict comes alone");
        }
    }

    /**
     * A call whose caller withheld the number or presented a short service number: only the
     * verdict, nothing to keep.
     */
    public static CallerSignal ofVerdictOnly(ImmunityDecision verdict) {
        return new CallerSignal("verdict/" + verdict.eventId(), verdict.callTime(), null, verdict);
    }

    public static CallerSignal ofCall(ScreenedCall call, ImmunityDecision callerIdVerdict) {
        return new CallerSignal(
                call.caller(),
                call.startTime(),
                call,
                Objects.requireNonNull(callerIdVerdict, "callerIdVerdict"));
    }

    public static CallerSignal ofComplaint(String reportedNumber, long filedAt) {
        return new CallerSignal(reportedNumber, filedAt, null, null);
    }

    public boolean isComplaint() {
        return callerIdVerdict == null;
    }

    public boolean isVerdictOnly() {
        return call == null && callerIdVerdict != null;
    }
}
