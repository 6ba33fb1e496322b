package io.convergent.common.immunity;

import java.util.Objects;

/**
 * The caller-id layer's answer for one call: allow or block, and the reason when the call is
 * blocked or, though allowed, suspicious enough for a "possible fraud" hint to the callee.
 *
 * @param reason {@code null} exactly when the caller id raised nothing
 */
public record CallerIdAssessment(CallAction action, DecisionReason reason) {

    public static final CallerIdAssessment CLEAN = new CallerIdAssessment(CallAction.ALLOW, null);

    public CallerIdAssessment {
        Objects.requireNonNull(action, "action");
        if (action == CallAction.BLOCK && reason == null) {
            throw new IllegalArgumentException("a block needs a reason");
        }
    }

    static CallerIdAssessment block(DecisionReason reason) {
        return new CallerIdAssessment(CallAction.BLOCK, reason);
    }

    static CallerIdAssessment flag(DecisionReason reason) {
        return new CallerIdAssessment(CallAction.ALLOW, reason);
    }

    /** Allowed, but with a reason: the callee's phone should show a hint. */
    public boolean flagged() {
        return action == CallAction.ALLOW && reason != null;
    }
}
