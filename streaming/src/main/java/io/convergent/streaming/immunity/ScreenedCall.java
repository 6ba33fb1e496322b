package io.convergent.streaming.immunity;

import io.convergent.common.event.Ingress;
import io.convergent.common.numbering.NumberCategory;

/**
 * A call after screening, with numbers pseudonymised and the caller's range already looked up: what
 * the keyed layers need to decide on it.
 *
 * @param caller pseudonym of the presented A-number (the key of the caller-id check)
 * @param callee pseudonym of the B-number
 * @param startTime call setup, epoch ms
 * @param answered whether the callee answered (the record arrives when the call ends)
 * @param talkMillis talk time, zero when unanswered
 * @param calleeBefore pseudonym of the number just below the callee's, {@code null} when there is
 *     none: a caller whose previous callee it was is dialling up a range
 * @param calleeAfter pseudonym of the number just above the callee's, {@code null} when there is
 *     none: a caller whose previous callee it was is dialling down a range
 */
public record ScreenedCall(
        String eventId,
        String callId,
        String caller,
        String callee,
        NumberCategory callerCategory,
        Ingress ingress,
        long startTime,
        boolean answered,
        long talkMillis,
        String calleeBefore,
        String calleeAfter) {}
