package io.convergent.streaming.runtime;

import io.convergent.common.event.schema.EventTimes;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
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
 */
public final class KnownEventTimes {

    private KnownEventTimes() {}

    /**
     * Bounded out-of-orderness over the records whose {@code eventTime} is known; a partition that
     * has had none for {@code idleness} is idle.
     */
    public static <T> WatermarkStrategy<T> boundedOutOfOrderness(
            Duration outOfOrderness,
            Duration idleness,
            SerializableTimestampAssigner<T> eventTime) {
        WatermarkStrategy<T> known =
                WatermarkStrategy.<T>forBoundedOutOfOrderness(outOfOrderness)
                        .withIdleness(idleness);
        return WatermarkStrategy.<T>forGenerator(
                        context -> new Filtered<>(known.createWatermarkGenerator(context)))
                .withTimestampAssigner(eventTime);
    }

    /** Passes on only the events with a known time. */
    static final class Filtered<T> implements WatermarkGenerator<T> {

        private final WatermarkGenerator<T> known;

        Filtered(WatermarkGenerator<T> known) {
            this.known = known;
        }

        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            if (eventTimestamp != EventTimes.UNKNOWN) {
                known.onEvent(event, eventTimestamp, output);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            known.onPeriodicEmit(output);
        }
    }
}
