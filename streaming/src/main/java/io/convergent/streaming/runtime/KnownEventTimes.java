package io.convergent.streaming.runtime;

import io.convergent.common.event.schema.EventTimes;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks for a source whose topics mix events with records that have no event time (scores,
 * contact preferences: {@link EventTimes#UNKNOWN}). Only records with a known time move the
 * watermark or count as the partition's activity, so a partition of such records alone goes idle
 * after {@code idleness} and stops holding the others back, however busy it is. Without this, a
 * scores topic written every second keeps its partitions' watermark at the beginning of time, and
 * nothing that waits for the watermark (an offer held over quiet hours) is ever released by it.
 *
 * <p>The bounded watermark stays the bound behind a partition's last event for as long as nothing
 * later arrives, so on a quiet platform (a night, a test system fed by hand) the last events never
 * passed it: a fraud signal whose transfer was the last event, or an offer released at the end of
 * quiet hours, waited for the next traffic, and once every partition had gone idle, for ever. So a
 * partition quiet for the bound (in processing time) moves on by itself:
 *
 * <ul>
 *   <li>one carrying live traffic (its latest event time was within {@code idleness} of the wall
 *       clock when its last record arrived) follows the wall clock, {@code idleness} behind it,
 *       never behind its last event: any event that would count as live can still arrive on time,
 *       and event time goes on with the clock;
 *   <li>any other (a backlog read to its end) moves up to its last event once, then goes idle as
 *       before, where it stops holding the others back.
 * </ul>
 */
public final class KnownEventTimes {

    private KnownEventTimes() {}

    /**
     * Bounded out-of-orderness over the records whose {@code eventTime} is known; a partition quiet
     * for {@code outOfOrderness} moves on (see above), one quiet for {@code idleness} and not live
     * is idle.
     */
    public static <T> WatermarkStrategy<T> boundedOutOfOrderness(
            Duration outOfOrderness,
            Duration idleness,
            SerializableTimestampAssigner<T> eventTime) {
        WatermarkStrategy<T> known =
                WatermarkStrategy.<T>forBoundedOutOfOrderness(outOfOrderness)
                        .withIdleness(idleness);
        return WatermarkStrategy.<T>forGenerator(
                        context ->
                                new Filtered<>(
                                        known.createWatermarkGenerator(context),
                                        outOfOrderness,
                                        idleness,
                                        System::currentTimeMillis))
                .withTimestampAssigner(eventTime);
    }

    /** Passes on only the events with a known time, and moves on once quiet. */
    static final class Filtered<T> implements WatermarkGenerator<T> {

        private final WatermarkGenerator<T> known;
        private final long quietAfterMillis;
        private final long liveWithinMillis;
        private final LongSupplier wallClock;
        private long latest = Long.MIN_VALUE;
        private long lastArrival;
        private boolean live;
        private boolean caughtUp = true;

        /**
         * @param quietAfter processing time without an event after which the partition moves on
         * @param liveWithin how soon after its time an event must arrive to be live traffic, and
         *     how far behind the wall clock a live partition's watermark then follows
         */
        Filtered(
                WatermarkGenerator<T> known,
                Duration quietAfter,
                Duration liveWithin,
                LongSupplier wallClock) {
            this.known = known;
            this.quietAfterMillis = quietAfter.toMillis();
            this.liveWithinMillis = liveWithin.toMillis();
            this.wallClock = wallClock;
        }

        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            if (eventTimestamp != EventTimes.UNKNOWN) {
                known.onEvent(event, eventTimestamp, output);
                long now = wallClock.getAsLong();
                latest = Math.max(latest, eventTimestamp);
                lastArrival = now;
                // By the latest time seen, not this record's: a long call's record carries its
                // setup time, minutes old when it arrives at the call's end, in live traffic.
                live = now - latest <= liveWithinMillis;
                caughtUp = false;
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            long now = wallClock.getAsLong();
            boolean quiet = latest != Long.MIN_VALUE && now - lastArrival >= quietAfterMillis;
            if (quiet && live) {
                // A clock now: it stays active, so the bounded generator's idleness is not asked.
                output.emitWatermark(new Watermark(Math.max(latest, now - liveWithinMillis)));
                return;
            }
            known.onPeriodicEmit(output);
            if (quiet && !caughtUp) {
                // Once; then idleness takes over. Flink keeps a partition's watermark from going
                // back when the bounded one, lower, is emitted again after this.
                output.emitWatermark(new Watermark(latest));
                caughtUp = true;
            }
        }
    }
}
