package io.convergent.streaming.immunity.functions;

import io.convergent.common.immunity.CallAction;
import io.convergent.common.immunity.CallerActivity;
import io.convergent.common.immunity.CallerReputation;
import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.common.immunity.ImmunityRules;
import io.convergent.streaming.immunity.CallerSignal;
import io.convergent.streaming.immunity.ScreenedCall;
import io.convergent.streaming.runtime.FirstPerKey;
import io.convergent.streaming.runtime.RecentKeys;
import io.convergent.streaming.runtime.StateExpiry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.util.Collector;

/**
 * The reputation layer, keyed by the caller's pseudonym: keeps what each caller has been doing
 * lately ({@link CallerActivity}: a record of bounded size whatever its volume, so a number calling
 * thousands of subscribers a minute costs one record of at most 217 bytes, {@link
 * CallerActivitySerializer#MAX_BYTES}, besides its key) and turns each caller-id verdict into the
 * published decision ({@link ImmunityDecision#withReputation}).
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
 * quietAfter} (state time-to-live, refreshed by every write; its counters have faded to a few
 * percent by then), so state holds only the callers of the last few days. TTL rather than a timer
 * per caller: nearly every call from a number not seen for days makes a new record, and a
 * RocksDB-backed timer for each cost a fifth of this operator's time (profile in
 * docs/BENCHMARKS.md). TTL runs on processing time: replaying a backlog keeps its callers until the
 * backend compacts them away days later.
 *
 * <p>Most callers of a day are new to the layer, and looking up a record that is not there costs a
 * RocksDB {@code get} through its memtables and every level's filters (a tenth of the job's CPU at
 * 20,000 calls/s, docs/BENCHMARKS.md session 34). Run by its {@link Operator}, the layer first asks
 * an in-heap filter of the callers it has written ({@link RecentKeys}, filled from the state when
 * the operator opens) and reads the state only for a caller it may have a record of.
 */
public final class CallerReputationLayer
        extends KeyedBroadcastProcessFunction<String, CallerSignal, byte[], ImmunityDecision> {

    private static final long serialVersionUID = 1L;

    public static final String BLOCKS_METRIC = "reputationBlocks";
    public static final String HINTS_METRIC = "reputationHints";

    /**
     * The caller's record, written by {@link CallerActivitySerializer} (records of builds that
     * wrote them with Flink's POJO serializer are migrated on restore). Not the first name it had
     * ("callerActivity", without a time-to-live): a checkpoint of that version restores with its
     * records left behind, unread, and its clean-up timers firing harmlessly, instead of failing on
     * the changed serializer.
     */
    static final String ACTIVITY_STATE = "callerActivityTtl";

    private final Duration quietAfter;

    private transient ValueState<CallerActivity> activityState;
    private transient ListState<Long> pendingComplaintsState;
    private final byte[] rulesAtStart;
    private transient RulesInForce rules;
    private transient Counter blocks;
    private transient Counter hints;

    /** Null until {@link Operator} fills it: then the state is read for a "perhaps" only. */
    private transient RecentKeys knownCallers;

    private transient long stateReads;

    public CallerReputationLayer(Duration quietAfter) {
        this(quietAfter, null);
    }

    /**
     * @param rulesAtStart the rules document in force when the job was submitted, or null: what
     *     applies until a document is broadcast ({@link RulesInForce})
     */
    public CallerReputationLayer(Duration quietAfter, byte[] rulesAtStart) {
        this.rulesAtStart = rulesAtStart == null ? null : rulesAtStart.clone();
        this.quietAfter = Objects.requireNonNull(quietAfter, "quietAfter");
        if (quietAfter.isNegative() || quietAfter.isZero()) {
            throw new IllegalArgumentException("quietAfter must be positive, got " + quietAfter);
        }
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<CallerActivity> activity =
                new ValueStateDescriptor<>(ACTIVITY_STATE, CallerActivitySerializer.INSTANCE);
        activity.enableTimeToLive(activityExpiry(quietAfter));
        activityState = getRuntimeContext().getState(activity);
        pendingComplaintsState =
                getRuntimeContext()
                        .getListState(new ListStateDescriptor<>("pendingComplaints", Types.LONG));
        rules = new RulesInForce(rulesAtStart);
        blocks = getRuntimeContext().getMetricGroup().counter(BLOCKS_METRIC);
        hints = getRuntimeContext().getMetricGroup().counter(HINTS_METRIC);
    }

    /** A caller's record is dropped once it has not been written for {@code quietAfter}. */
    static StateTtlConfig activityExpiry(Duration quietAfter) {
        return StateTtlConfig.newBuilder(quietAfter)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                // RocksDB drops expired records while compacting; full snapshots (savepoints, and
                // every snapshot of the heap backend) leave them out.
                .cleanupInRocksdbCompactFilter(StateExpiry.ENTRIES_PER_CLOCK_READ)
                .cleanupFullSnapshot()
                .build();
    }

    @Override
    public void processElement(
            CallerSignal signal, ReadOnlyContext ctx, Collector<ImmunityDecision> out)
            throws Exception {
        ImmunityDecision verdict = signal.callerIdVerdict();
        if (verdict != null && (verdict.action() == CallAction.BLOCK || signal.isVerdictOnly())) {
            out.collect(verdict);
            return;
        }
        long callerHash = knownCallers == null ? 0L : RecentKeys.hash(ctx.getCurrentKey());
        if (signal.isComplaint()) {
            if (signal.time() <= ctx.timerService().currentWatermark()) {
                CallerActivity activity = activityOrNew(callerHash, ctx.timerService());
                activity.recordComplaint(signal.time());
                save(activity, callerHash, ctx.timerService());
            } else {
                pendingComplaintsState.add(signal.time());
                ctx.timerService().registerEventTimeTimer(signal.time());
            }
            return;
        }
        CallerActivity activity = activityOrNew(callerHash, ctx.timerService());
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
                call.calleeAfter(),
                call.answered(),
                call.talkMillis());
        save(activity, callerHash, ctx.timerService());
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
        applyDueComplaints(
                timestamp,
                knownCallers == null ? 0L : RecentKeys.hash(ctx.getCurrentKey()),
                ctx.timerService());
    }

    /** Folds in the complaints the watermark has passed. */
    private void applyDueComplaints(long watermark, long callerHash, TimerService time)
            throws Exception {
        List<Long> stillPending = new ArrayList<>();
        CallerActivity activity = null;
        for (Long filedAt : pendingComplaintsState.get()) {
            if (filedAt <= watermark) {
                if (activity == null) {
                    activity = activityOrNew(callerHash, time);
                }
                activity.recordComplaint(filedAt);
            } else {
                stillPending.add(filedAt);
            }
        }
        if (activity != null) {
            save(activity, callerHash, time);
        }
        pendingComplaintsState.update(stillPending);
    }

    /** The caller's record, or a new one: read unless the filter is sure there is none. */
    private CallerActivity activityOrNew(long callerHash, TimerService time) throws Exception {
        if (knownCallers != null
                && !knownCallers.mightContain(callerHash, time.currentProcessingTime())) {
            return new CallerActivity();
        }
        stateReads++;
        CallerActivity activity = activityState.value();
        return activity == null ? new CallerActivity() : activity;
    }

    private void save(CallerActivity activity, long callerHash, TimerService time)
            throws Exception {
        activityState.update(activity);
        if (knownCallers != null) {
            // The time after the write: the record's TTL starts inside update(), and the filter
            // must remember the caller at least as long.
            knownCallers.add(callerHash, time.currentProcessingTime());
        }
    }

    /** Reads of the callers' records by this instance (for operator tests). */
    long stateReads() {
        return stateReads;
    }

    /**
     * The operator that runs the layer: Flink's keyed-broadcast operator (the same state, the same
     * savepoint layout) that, once open, hands the layer the callers its state holds.
     */
    public static final class Operator
            extends CoBroadcastWithKeyedOperator<String, CallerSignal, byte[], ImmunityDecision> {

        private static final long serialVersionUID = 1L;

        private final long filterMaxBytes;

        /**
         * {@code filterMaxBytes}: 0 for no filter (every caller's record is read), or the most each
         * of the filter's two generations may hold (so up to twice that of heap per subtask); past
         * it, the layer reads the state for every caller until the generation is dropped.
         */
        public Operator(CallerReputationLayer layer, long filterMaxBytes) {
            super(layer, List.of(CallerIdScreening.RULES_STATE));
            this.filterMaxBytes =
                    FirstPerKey.checkFilterMaxBytes("the callers' filter size", filterMaxBytes);
        }

        /** The most each generation of the filter may hold; 0 when there is no filter. */
        public long filterMaxBytes() {
            return filterMaxBytes;
        }

        /** With the ingest's filter size ({@link FirstPerKey#DEFAULT_FILTER_MAX_BYTES}). */
        public Operator(CallerReputationLayer layer) {
            this(layer, FirstPerKey.DEFAULT_FILTER_MAX_BYTES);
        }

        @Override
        public void open() throws Exception {
            super.open();
            if (filterMaxBytes == 0) {
                return;
            }
            CallerReputationLayer layer = (CallerReputationLayer) userFunction;
            // After a restore or a rescale: the callers of the key groups this instance owns.
            try (Stream<String> callers =
                    this.<String>getKeyedStateBackend()
                            .getKeys(ACTIVITY_STATE, VoidNamespace.INSTANCE)) {
                layer.knownCallers =
                        RecentKeys.ofKeysInState(
                                callers,
                                layer.quietAfter,
                                filterMaxBytes,
                                getProcessingTimeService().getCurrentProcessingTime());
            }
        }
    }
}
