package io.convergent.streaming.speedview.functions;

import io.convergent.common.state.SubscriberState;
import io.convergent.streaming.runtime.StateExpiry;
import io.convergent.streaming.speedview.StateInput;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Folds each event into its subscriber's {@link SubscriberState} (keyed by subscriber) and
 * publishes the state whenever something published changes. A state no event changed for the TTL
 * (processing time) is dropped by the state backend.
 */
public final class StateFolder extends KeyedProcessFunction<String, StateInput, SubscriberState> {

    private static final long serialVersionUID = 1L;

    private final Duration ttl;
    private transient ValueState<SubscriberState> subscriberState;

    public StateFolder(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<SubscriberState> descriptor =
                new ValueStateDescriptor<>(
                        "speedViewSubscriberState", TypeInformation.of(SubscriberState.class));
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(ttl)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .cleanupInRocksdbCompactFilter(StateExpiry.ENTRIES_PER_CLOCK_READ)
                        .build());
        subscriberState = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(StateInput input, Context ctx, Collector<SubscriberState> out)
            throws Exception {
        SubscriberState state = subscriberState.value();
        if (state == null) {
            state = new SubscriberState(input.subscriber);
        }
        boolean changed = state.apply(input.event());
        // Contacts change silently: written back whatever the outcome.
        subscriberState.update(state);
        if (changed) {
            out.collect(state);
        }
    }
}
