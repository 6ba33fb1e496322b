package io.convergent.streaming.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.schema.EventTimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarksWithIdleness;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

class KnownEventTimesTest {

    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final Duration IDLENESS = Duration.ofMinutes(1);

    /** Wall-clock time, for the generator and for Flink's idleness timer alike. */
    private final ManualClock clock = new ManualClock(Duration.ofDays(20_000).toNanos());

    private final Recorded output = new Recorded();
    private final KnownEventTimes.Filtered<String> watermarks =
            new KnownEventTimes.Filtered<>(
                    new WatermarksWithIdleness<>(
                            new BoundedOutOfOrdernessWatermarks<>(BOUND), IDLENESS, clock),
                    BOUND,
                    IDLENESS,
                    clock::absoluteTimeMillis);

    @Test
    void aLivePartitionQuietForTheBoundFollowsTheWallClockAndNeverGoesIdle() {
        long now = clock.absoluteTimeMillis();
        watermarks.onEvent("swap", now - 20_000, output);
        watermarks.onEvent("transfer", now - 2_000, output);
        emitAfter(Duration.ofMillis(4_900));
        assertThat(output.last()).isEqualTo(now - 2_000 - 5_000 - 1);

        emitAfter(Duration.ofMillis(100)); // quiet for the bound: its last event is passed
        assertThat(output.last()).isEqualTo(now - 2_000);
        emitAfter(Duration.ofMinutes(10)); // then it goes on with the clock, a minute behind it
        assertThat(output.last()).isEqualTo(clock.absoluteTimeMillis() - 60_000);
        assertThat(output.idle).isFalse();

        // Traffic again: bounded behind it, as before.
        watermarks.onEvent("call", clock.absoluteTimeMillis(), output);
        emitAfter(Duration.ofMillis(200));
        assertThat(output.last()).isLessThan(clock.absoluteTimeMillis() - 200);
    }

    @Test
    void aBacklogReadToItsEndMovesUpToItsLastEventOnceThenGoesIdle() {
        long lastWeek = clock.absoluteTimeMillis() - Duration.ofDays(7).toMillis();
        watermarks.onEvent("a", lastWeek, output);
        watermarks.onEvent("b", lastWeek + 60_000, output);
        emitAfter(Duration.ofSeconds(5));
        emitAfter(Duration.ofSeconds(1));
        assertThat(output.watermarks).containsOnlyOnce(lastWeek + 60_000);
        assertThat(output.watermarks).allMatch(w -> w <= lastWeek + 60_000);
        assertThat(output.idle).isFalse();

        emitAfter(IDLENESS);
        assertThat(output.idle).isTrue();
        assertThat(output.last()).isLessThanOrEqualTo(lastWeek + 60_000);
    }

    @Test
    void recordsWithoutATimeNeitherMoveTheWatermarkNorCountAsTraffic() {
        long now = clock.absoluteTimeMillis();
        watermarks.onEvent("a", now, output);
        clock.advanceTime(Duration.ofSeconds(3));
        watermarks.onEvent("score", EventTimes.UNKNOWN, output);
        emitAfter(Duration.ofSeconds(2));

        assertThat(output.last()).isEqualTo(now);
    }

    @Test
    void aPartitionThatNeverHadAnEventGoesIdleWithNothingToMoveTo() {
        emitAfter(Duration.ofSeconds(10));
        assertThat(output.watermarks).containsOnly(Long.MIN_VALUE);
        emitAfter(IDLENESS);
        assertThat(output.idle).isTrue();
    }

    /** Flink's periodic emission, every 200 ms, for {@code time}. */
    private void emitAfter(Duration time) {
        Duration period = Duration.ofMillis(200);
        for (Duration left = time;
                !left.isNegative() && !left.isZero();
                left = left.minus(period)) {
            clock.advanceTime(left.compareTo(period) < 0 ? left : period);
            watermarks.onPeriodicEmit(output);
        }
    }

    /** What the generator emitted, in order, and whether it last said idle. */
    private static final class Recorded implements WatermarkOutput {

        final List<Long> watermarks = new ArrayList<>();
        boolean idle;

        long last() {
            return watermarks.get(watermarks.size() - 1);
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            watermarks.add(watermark.getTimestamp());
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }
}
