package io.convergent.streaming.immunity;

import io.convergent.common.immunity.ImmunityDecision;
import java.util.Objects;

/**
 * What the reputation layer hears about one caller, keyed by its pseudonym: a call with the
 * caller-id layer's verdict on it, or a complaint naming the number.
 *
 * @param caller pseudonym of the presented A-number, or of the number complained about
 * @param time call setup or complaint filing, epoch ms
 * @param call the call; {@code null} for a complaint
 * @param callerIdVerdict the caller-id layer's decision on the call; {@code null} for a complaint
 */
public record CallerSignal(
        String caller, long time, ScreenedCall call, ImmunityDecision callerIdVerdict) {

    public CallerSignal {
        Objects.requireNonNull(caller, "caller");
        if ((call == null) != (callerIdVerdict == null)) {
            throw new IllegalArgumentException(
                    "a call comes with its verdict, a complaint with none");
        }
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
        return call == null;
    }
}
