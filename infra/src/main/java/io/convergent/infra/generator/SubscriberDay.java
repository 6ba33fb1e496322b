package io.convergent.infra.generator;

import io.convergent.common.event.CallEvent;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.NetworkEvent;
import java.util.SplittableRandom;

/**
 * One subscriber's day while it is being planned: the random stream of that subscriber and day, the
 * sequence that numbers their events, and where the planned entries go. Events at or after a
 * churner's port-out are dropped: the number has left us.
 */
final class SubscriberDay {

    final DayContext day;
    final Subscriber subscriber;
    final SplittableRandom rng;

    /** The activity factor of the day: personal level, weekend and churn decline. */
    final double activity;

    private final DayPlanFragment out;
    private final long cutoff;
    private int seq;

    SubscriberDay(DayContext day, Subscriber subscriber, DayPlanFragment out) {
        this.day = day;
        this.subscriber = subscriber;
        this.out = out;
        this.rng = Seeds.random(day.seed, Seeds.SUBSCRIBER_DAY, subscriber.index, day.epochDay);
        this.cutoff = day.population.churn().portOutTime(subscriber);
        this.activity =
                subscriber.activity
                        * day.population.churn().activityFactor(subscriber, day.epochDay);
    }

    int index() {
        return subscriber.index;
    }

    int utcOffset() {
        return subscriber.region.utcOffsetHours;
    }

    /** Whether the subscriber is still ours at {@code time}. */
    boolean active(long time) {
        return time < cutoff;
    }

    /** Whether the day is (partly) before the port-out: anything to plan at all. */
    boolean activeToday() {
        return day.dayStart < cutoff;
    }

    /** Whether this is the day of the subscriber's port-out request. */
    boolean portOutToday() {
        return day.inDay(cutoff);
    }

    long portOutTime() {
        return cutoff;
    }

    /** The next event id of this subscriber's day. */
    String nextId() {
        return EventIds.id(day.dayPrefix, EventIds.SUBSCRIBER, subscriber.index, seq++);
    }

    /** An everyday event, made at emission. */
    void plan(byte kind, long time) {
        if (time < cutoff) {
            out.add(kind, time, subscriber.index, seq);
        }
        seq++;
    }

    /** A finished event with its ground truth (or {@code null}). */
    void add(InputEvent event, Label label) {
        // At the cutoff itself: the port-out request is the number's last event with us.
        if (event.eventTime() <= cutoff) {
            out.add(event, label);
        }
    }

    void add(InputEvent event) {
        add(event, null);
    }

    /**
     * A long answered call as a switch reports it: the signal of its answer, written at once, and
     * its record, written when it ends (so a transfer made during the call comes before it).
     */
    void addSignalledCall(CallEvent call) {
        addSignalledCall(call, null);
    }

    void addSignalledCall(CallEvent call, Label label) {
        // The whole call, its record included, is before the number's port-out or not made.
        if (call.endTime() > cutoff) {
            return;
        }
        String counterpart =
                subscriber.msisdn.equals(call.calledNumber())
                        ? call.callingNumber()
                        : call.calledNumber();
        boolean incoming = subscriber.msisdn.equals(call.calledNumber());
        out.add(
                NetworkEvent.callAnswered(
                        nextId(), call.answerTime(), subscriber.msisdn, counterpart, incoming),
                null);
        out.add(call, label, call.endTime());
    }

    /** The serving cell at {@code time}, at home. */
    String cellAt(long time) {
        return subscriber.cellAt(time);
    }
}
