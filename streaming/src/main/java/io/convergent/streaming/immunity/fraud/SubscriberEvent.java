package io.convergent.streaming.immunity.fraud;

import java.util.Objects;

/**
 * One event in a subscriber's life that a fraud pattern may look at, keyed by the pseudonym of the
 * subscriber's number: calls it received or placed, SIM swaps, call forwarding, new-device logins
 * to the bank, transfers to new beneficiaries.
 *
 * @param subscriber pseudonym of the subscriber's number
 * @param customer pseudonym of the bank customer number; bank events only, else {@code null}
 * @param time event time, epoch ms (a call's setup time)
 * @param counterpart pseudonym of the other party of a call ({@code null} when it withheld its
 *     number), else {@code null}
 * @param durationMillis a call's length from setup to release, else 0
 * @param unknownCounterpart for a received call: the subscriber had not been in touch with the
 *     caller lately (set by {@link ContactMarker})
 */
public record SubscriberEvent(
        String subscriber,
        String customer,
        Kind kind,
        String eventId,
        long time,
        String counterpart,
        long durationMillis,
        boolean unknownCounterpart) {

    /** What happened. */
    public enum Kind {
        INBOUND_CALL,
        OUTBOUND_CALL,
        SIM_SWAP,
        CALL_FORWARDING_ON,
        /** A login from a device the bank had never seen, or a failed attempt from one. */
        NEW_DEVICE_LOGIN,
        TRANSFER_TO_NEW_BENEFICIARY,
        /** Last, as it came last: constants are only ever appended (state holds their order). */
        CALL_FORWARDING_OFF
    }

    public SubscriberEvent {
        Objects.requireNonNull(subscriber, "subscriber");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(eventId, "eventId");
    }

    public SubscriberEvent withUnknownCounterpart(boolean unknown) {
        return new SubscriberEvent(
                subscriber, customer, kind, eventId, time, counterpart, durationMillis, unknown);
    }

    /**
     * When this event's record can first exist: a call's at its release (the switch writes the CDR
     * then), anything else at its time. The fraud patterns order events by it.
     */
    public long knownAt() {
        return time + durationMillis;
    }

    public boolean is(Kind other) {
        return kind == other;
    }
}
