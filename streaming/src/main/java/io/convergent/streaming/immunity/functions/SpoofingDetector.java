package io.convergent.streaming.immunity.functions;

import io.convergent.common.immunity.CallerIdCheck;
import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.streaming.immunity.RoamingChange;
import io.convergent.streaming.immunity.RoamingStatus;
import io.convergent.streaming.immunity.ScreenedCall;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The stateful half of the caller-id layer, keyed by the pseudonym of one of our numbers: follows
 * its owner's roaming from {@link RoamingChange}s and decides each call that presents the number
 * from outside our network — allowed while the owner is abroad, blocked as spoofed otherwise.
 *
 * <p>State holds only subscribers abroad (for at most {@code roamingTtl} without news: a roaming
 * phone re-registers daily) and, for {@code homeGrace} after their return, those just back, so a
 * call placed abroad but screened after the return is still allowed. Everyone else costs nothing.
 * Changes are applied in event time: an update older than the status in force is ignored.
 */
public final class SpoofingDetector
        extends KeyedCoProcessFunction<String, ScreenedCall, RoamingChange, ImmunityDecision> {

    private static final long serialVersionUID = 1L;

    private final Duration roamingTtl;
    private final Duration homeGrace;

    private transient ValueState<RoamingStatus> roamingState;

    public SpoofingDetector(Duration roamingTtl, Duration homeGrace) {
        this.roamingTtl = Objects.requireNonNull(roamingTtl, "roamingTtl");
        this.homeGrace = Objects.requireNonNull(homeGrace, "homeGrace");
        if (roamingTtl.isNegative() || roamingTtl.isZero()) {
            throw new IllegalArgumentException("roaming TTL must be positive, got " + roamingTtl);
        }
        if (homeGrace.isNegative() || homeGrace.isZero()) {
            throw new IllegalArgumentException("home grace must be positive, got " + homeGrace);
        }
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<RoamingStatus> descriptor =
                new ValueStateDescriptor<>(
                        "roamingStatus", TypeInformation.of(RoamingStatus.class));
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(roamingTtl)
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .cleanupInRocksdbCompactFilter(1000)
                        .build());
        roamingState = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement1(ScreenedCall call, Context ctx, Collector<ImmunityDecision> out)
            throws Exception {
        RoamingStatus status = roamingState.value();
        boolean ownerAbroad =
                status != null && (status.abroad() || call.startTime() < status.since());
        out.collect(
                ImmunityDecision.ofCallerId(
                        call.eventId(),
                        call.callId(),
                        CallerIdCheck.assess(call.callerCategory(), call.ingress(), ownerAbroad),
                        call.caller(),
                        call.callee(),
                        call.callerCategory(),
                        call.ingress(),
                        call.startTime(),
                        ctx.timerService().currentProcessingTime()));
    }

    @Override
    public void processElement2(RoamingChange change, Context ctx, Collector<ImmunityDecision> out)
            throws Exception {
        RoamingStatus status = roamingState.value();
        if (status != null && change.eventTime() < status.since()) {
            return;
        }
        if (change.abroad()) {
            // Still abroad: keep the first registration abroad, refresh the TTL.
            long since = status != null && status.abroad() ? status.since() : change.eventTime();
            roamingState.update(new RoamingStatus(true, since));
        } else if (status != null && status.abroad()) {
            roamingState.update(new RoamingStatus(false, change.eventTime()));
            ctx.timerService()
                    .registerProcessingTimeTimer(
                            ctx.timerService().currentProcessingTime() + homeGrace.toMillis());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ImmunityDecision> out)
            throws Exception {
        RoamingStatus status = roamingState.value();
        if (status != null && !status.abroad()) {
            roamingState.clear();
        }
    }
}
