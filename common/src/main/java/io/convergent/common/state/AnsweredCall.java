package io.convergent.common.state;

import java.util.Objects;

/**
 * One answered call a subscriber was or is on, as the network told it: from the switch's answer
 * signal (its end then presumed) or from the call's record. Times are epoch milliseconds. A Flink
 * POJO and a Jackson bean, part of {@link SubscriberState}.
 */
public final class AnsweredCall {

    /** The other party; {@code null} when withheld. */
    public String counterpart;

    /** Whether the subscriber received the call rather than placed it. */
    public boolean incoming;

    /** Whether the other party was a recent contact (or a service line dialled) before the call. */
    public boolean counterpartKnown;

    public long answeredAt;

    /**
     * When the call ended; while only its answer is known, when it is presumed over ({@link
     * SubscriberState#CALL_PRESUMED_LENGTH} after the answer) should its record never come.
     */
    public long endsAt;

    /** Whether {@link #endsAt} is presumed: only the answer signal has come, not the record. */
    public boolean endPresumed;

    public AnsweredCall() {}

    public AnsweredCall(
            String counterpart,
            boolean incoming,
            boolean counterpartKnown,
            long answeredAt,
            long endsAt,
            boolean endPresumed) {
        this.counterpart = counterpart;
        this.incoming = incoming;
        this.counterpartKnown = counterpartKnown;
        this.answeredAt = answeredAt;
        this.endsAt = endsAt;
        this.endPresumed = endPresumed;
    }

    /** Whether the call was going on at {@code now}. */
    public boolean onAt(long now) {
        return answeredAt <= now && now < endsAt;
    }

    /** Whether the other party is a stranger: withheld, or not a recent contact. */
    public boolean withStranger() {
        return !counterpartKnown;
    }

    /** Whether this call is with {@code counterpart}, the same way round. */
    boolean with(String counterpart, boolean incoming) {
        return this.incoming == incoming && Objects.equals(this.counterpart, counterpart);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnsweredCall c
                && incoming == c.incoming
                && counterpartKnown == c.counterpartKnown
                && answeredAt == c.answeredAt
                && endsAt == c.endsAt
                && endPresumed == c.endPresumed
                && Objects.equals(counterpart, c.counterpart);
    }

    @Override
    public int hashCode() {
        return Objects.hash(counterpart, incoming, answeredAt, endsAt, endPresumed);
    }

    @Override
    public String toString() {
        return "AnsweredCall["
                + (incoming ? "from " : "to ")
                + counterpart
                + ", "
                + answeredAt
                + ".."
                + endsAt
                + (endPresumed ? " (presumed)" : "")
                + "]";
    }
}
