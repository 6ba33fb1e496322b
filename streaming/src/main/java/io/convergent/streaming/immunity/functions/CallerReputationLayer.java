package io.convergent.streaming.immunity.functions;

import io.convergent.common.immunity.CallAction;
import io.convergent.common.immunity.CallerActivity;
import io.convergent.common.immunity.CallerReputation;
import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.common.immunity.ImmunityRules;
import io.convergent.streaming.immunity.CallerSignal;
import io.convergent.streaming.immunity.ScreenedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The reputation layer, keyed by the caller's pseudonym: keeps what each caller has been doing
 * lately ({@link CallerActivity}: a fixed-size record, whatever its volume, so a number calling
 * thousands of subscribers a minute costs no more memory than one calling twice a day) and turns
 * each caller-id verdict into the published decision ({@link ImmunityDecision#withReputation}).
 *
 * <p>A call is judged on the caller's record <em>before</em> it: when the phone rings, its outcome
 * is not known yet. Then the call's outcome (the record arrives when it ends) is folded in. A
 * complaint naming the number is folded in once the watermark passes its filing time: live, that is
 * seconds later; replaying a backlog, where the complaints topic may be read hours ahead of the
 * calls, it keeps a complaint from judging the very calls it complains about. A call the caller-id
 * layer blocked is passed on untouched and not counted: its caller id is forged, and the number
 * belongs to the victim.
 *
 * <p>The thresholds come from the same rules document as the numbering plan, broadcast from {@code
 * control.immunity}. A caller's record is dropped once the caller has been quiet for {@code
 * quietAfter} of event time (an event-time timer; its counters have faded to a few percent by
 * then), so state holds only the callers of the last few days.
 */
public final class CallerReputationLayer
        extends KeyedBroadcastProcessFunction<String, CallerSignal, byte[], ImmunityDecision> {

    private static final long serialVersionUID = 1L;

    public static final String BLOCKS_METRIC = "reputationBlocks";
    public static final String HINTS_METRIC = "reputationHints";

    private final Duration quietAfter;

    private transient ValueState<CallerActivity> activityState;
    private transient ListState<Long> pendingComplaintsState;
    private transient RulesInForce rules;
    private transient Counter blocks;
    private transient Counter hints;

    public CallerReputationLayer(Duration quietAfter) {
        this.quietAfter = Objects.requireNonNull(quietAfter, "quietAfter");
        if (quietAfter.isNegative() || quietAfter.isZero()) {
            throw new IllegalArgumentException("quietAfter must be positive, got " + quietAfter);
        }
    }

    @Override
    public void open(OpenContext openContext) {
        activityState =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "callerActivity",
                                        TypeInformation.of(CallerActivity.class)));
        pendingComplaintsState =
                getRuntimeContext()
                        .getListState(new ListStateDescriptor<>("pendingComplaints", Types.LONG));
        rules = new RulesInForce();
        blocks = getRuntimeContext().getMetricGroup().counter(BLOCKS_METRIC);
        hints = getRuntimeContext().getMetricGroup().counter(HINTS_METRIC);
    }

    @Override
    public void processElement(
            CallerSignal signal, ReadOnlyContext ctx, Collector<ImmunityDecision> out)
            throws Exception {
        ImmunityDecision verdict = signal.callerIdVerdict();
        if (verdict != null && verdict.action() == CallAction.BLOCK) {
            out.collect(verdict);
            return;
        }
        if (signal.isComplaint()) {
            if (signal.time() <= ctx.timerService().currentWatermark()) {
                CallerActivity activity = activityOrNew(ctx.timerService(), signal.time());
                activity.recordComplaint(signal.time());
                activityState.update(activity);
            } else {
                pendingComplaintsState.add(signal.time());
                ctx.timerService().registerEventTimeTimer(signal.time());
            }
            return;
        }
        CallerActivity activity = activityOrNew(ctx.timerService(), signal.time());
        ScreenedCall call = signal.call();
        ImmunityRules current = rules.read(ctx.getBroadcastState(CallerIdScreening.RULES_STATE));
        CallerReputation reputation =
                CallerReputation.of(activity.featuresAt(call.startTime()), current.reputation());
        ImmunityDecision decision =
                verdict.withReputation(
                        reputation,
                        current.reputation(),
                        activity.isNewCallee(call.callee()),
                        ctx.currentProcessingTime());
        out.collect(decision);
        if (reputation.showsMassDialling(current.reputation())) {
            activity.recordMassDialling(call.startTime());
        }
        if (decision.action() == CallAction.BLOCK) {
            blocks.inc();
        } else if (decision.flagged()) {
            hints.inc();
        }
        activity.recordCall(
                call.startTime(),
                call.callee(),
                call.calleeBefore(),
                call.answered(),
                call.talkMillis());
        activityState.update(activity);
    }

    @Override
    public void processBroadcastElement(
            byte[] document, Context ctx, Collector<ImmunityDecision> out) throws Exception {
        // The same rule as the screening's, which logs and counts what it refuses or ignores.
        rules.offer(document, ctx.getBroadcastState(CallerIdScreening.RULES_STATE));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ImmunityDecision> out)
            throws Exception {
        boolean pending = applyDueComplaints(timestamp, ctx.timerService());
        CallerActivity activity = activityState.value();
        if (activity == null || pending) {
            return;
        }
        long quietUntil = activity.lastEventTime() + quietAfter.toMillis();
        if (quietUntil <= timestamp) {
            activityState.clear();
        } else {
            ctx.timerService().registerEventTimeTimer(quietUntil);
        }
    }

    /** Folds in the complaints the watermark has passed; returns whether any are still pending. */
    private boolean applyDueComplaints(long watermark, TimerService timers) throws Exception {
        List<Long> stillPending = new ArrayList<>();
        CallerActivity activity = null;
        for (Long filedAt : pendingComplaintsState.get()) {
            if (filedAt <= watermark) {
                if (activity == null) {
                    activity = activityOrNew(timers, filedAt);
                }
                activity.recordComplaint(filedAt);
            } else {
                stillPending.add(filedAt);
            }
        }
        if (activity != null) {
            activityState.update(activity);
        }
        pendingComplaintsState.update(stillPending);
        return !stillPending.isEmpty();
    }

    /** The caller's record, or a new one with its clean-up timer. */
    private CallerActivity activityOrNew(TimerService timers, long time) throws Exception {
        CallerActivity activity = activityState.value();
        if (activity == null) {
            activity = new CallerActivity();
            timers.registerEventTimeTimer(time + quietAfter.toMillis());
        }
        return activity;
    }
}
