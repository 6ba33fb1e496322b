package io.convergent.streaming.immunity.fraud;

import io.convergent.common.fraud.FraudSignal;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by signal id: passes on the first signal about a transfer and pattern, drops the repeats.
 * One transfer can complete more than one CEP variant of a pattern (a suspicious call that ended
 * before it and another still going on), and each match makes the same signal; the bank should hear
 * it once. The id is remembered for {@code memory} after it was first seen, longer than the latest
 * a second variant can complete.
 */
public final class FirstSignalOnly extends KeyedProcessFunction<String, FraudSignal, FraudSignal> {

    private static final long serialVersionUID = 1L;

    private final Duration memory;

    private transient ValueState<Boolean> seen;

    public FirstSignalOnly(Duration memory) {
        this.memory = memory;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Boolean> descriptor =
                new ValueStateDescriptor<>("seen", Types.BOOLEAN);
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(memory)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .cleanupInRocksdbCompactFilter(1000)
                        .build());
        seen = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(FraudSignal signal, Context ctx, Collector<FraudSignal> out)
            throws Exception {
        if (seen.value() == null) {
            seen.update(Boolean.TRUE);
            out.collect(signal);
        }
    }
}
