package io.convergent.streaming.runtime;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks for a control stream (rules, campaigns) broadcast beside an event stream. Its records
 * are not in event time, and an operator's watermark is the lower of its active inputs': the
 * control stream declares itself idle for good, so the events alone set the watermark. Otherwise
 * whatever waits for the watermark (a held call, a deferred offer) would wait for ever behind a
 * topic that is quiet for months.
 *
 * <p>Idle, not done with time: a control stream that emitted {@code Long.MAX_VALUE} made the
 * operator's watermark jump to it as soon as the event input went idle (a minute without records,
 * as in a quiet hour or before the first event), and a watermark never goes back. From then on
 * every event-time timer fired at once (offers held for quiet hours were sent in them, held calls
 * were decided unexplained, complaints counted before the calls they were about). With the control
 * stream idle, an operator whose every input is idle keeps its watermark until events come again.
 */
public final class ControlWatermarks {

    private ControlWatermarks() {}

    public static <T> WatermarkStrategy<T> neverHoldingBack() {
        return WatermarkStrategy.forGenerator(context -> new AlwaysIdle<>());
    }

    static final class AlwaysIdle<T> implements WatermarkGenerator<T> {
        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }
}
