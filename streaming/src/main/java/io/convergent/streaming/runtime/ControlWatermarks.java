package io.convergent.streaming.runtime;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks for a control stream (rules, campaigns) broadcast beside an event stream. Its records
 * are not in event time, and an operator's watermark is the lower of its inputs': the control
 * stream declares itself done with time, or whatever waits for the watermark (a held call, a
 * deferred offer) would wait for ever behind a topic that is quiet for months.
 */
public final class ControlWatermarks {

    private ControlWatermarks() {}

    public static <T> WatermarkStrategy<T> neverHoldingBack() {
        return WatermarkStrategy.forGenerator(context -> new NeverHoldsBack<>());
    }

    private static final class NeverHoldsBack<T> implements WatermarkGenerator<T> {
        @Override
        public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.emitWatermark(new Watermark(Long.MAX_VALUE));
        }
    }
}
