package io.convergent.streaming.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.streaming.api.functions.co.CoProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

class ControlWatermarksTest {

    @Test
    void theEventsAloneSetTheWatermarkAndAQuietSpellDoesNotEndTime() throws Exception {
        WatermarkGenerator<String> control =
                ControlWatermarks.<String>neverHoldingBack().createWatermarkGenerator(null);
        try (TwoInputStreamOperatorTestHarness<String, String, Long> harness =
                new TwoInputStreamOperatorTestHarness<>(
                        new CoProcessOperator<>(new WatermarkOnEachEvent()))) {
            harness.open();
            WatermarkOutput controlInput = new ToSecondInput(harness);
            control.onPeriodicEmit(controlInput);
            harness.processWatermark1(new Watermark(50));
            harness.processElement1("before the quiet spell", 60);
            // A minute without events: the event source goes idle; the control stream goes on.
            harness.processWatermarkStatus1(WatermarkStatus.IDLE);
            control.onPeriodicEmit(controlInput);
            harness.processElement2("a campaign published meanwhile", 0);
            harness.processWatermarkStatus1(WatermarkStatus.ACTIVE);
            harness.processWatermark1(new Watermark(100));
            harness.processElement1("after it", 101);

            // With a control stream done with time (Long.MAX_VALUE), the watermark jumped to the
            // end of time when the events went idle and stayed there.
            assertThat(harness.extractOutputValues()).containsExactly(50L, 50L, 100L);
        }
    }

    @Test
    void theControlStreamNeverEmitsAWatermark() {
        WatermarkGenerator<String> control =
                ControlWatermarks.<String>neverHoldingBack().createWatermarkGenerator(null);
        Recording output = new Recording();

        control.onEvent("a rules document", 1_000L, output);
        control.onPeriodicEmit(output);

        assertThat(output.calls).containsExactly("idle");
    }

    /** Outputs the operator's watermark as each record is processed. */
    private static final class WatermarkOnEachEvent
            extends CoProcessFunction<String, String, Long> {
        @Override
        public void processElement1(String value, Context ctx, Collector<Long> out) {
            out.collect(ctx.timerService().currentWatermark());
        }

        @Override
        public void processElement2(String value, Context ctx, Collector<Long> out) {
            out.collect(ctx.timerService().currentWatermark());
        }
    }

    /** The control source's output, as its operator would hand it to the second input. */
    private static final class ToSecondInput implements WatermarkOutput {
        private final TwoInputStreamOperatorTestHarness<String, String, Long> harness;

        ToSecondInput(TwoInputStreamOperatorTestHarness<String, String, Long> harness) {
            this.harness = harness;
        }

        @Override
        public void emitWatermark(org.apache.flink.api.common.eventtime.Watermark watermark) {
            try {
                harness.processWatermark2(new Watermark(watermark.getTimestamp()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void markIdle() {
            try {
                harness.processWatermarkStatus2(WatermarkStatus.IDLE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void markActive() {
            try {
                harness.processWatermarkStatus2(WatermarkStatus.ACTIVE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final class Recording implements WatermarkOutput {
        final List<String> calls = new ArrayList<>();

        @Override
        public void emitWatermark(org.apache.flink.api.common.eventtime.Watermark watermark) {
            calls.add("watermark " + watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            calls.add("idle");
        }

        @Override
        public void markActive() {
            calls.add("active");
        }
    }
}
