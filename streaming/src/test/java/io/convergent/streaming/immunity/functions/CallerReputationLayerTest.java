package io.convergent.streaming.immunity.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.convergent.common.event.Ingress;
import io.convergent.common.immunity.CallAction;
import io.convergent.common.immunity.CallerActivity;
import io.convergent.common.immunity.CallerIdAssessment;
import io.convergent.common.immunity.CallerIdCheck;
import io.convergent.common.immunity.DecisionReason;
import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.common.immunity.ImmunityRules;
import io.convergent.common.immunity.ReputationThresholds;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.numbering.NumberingPlan;
import io.convergent.common.testing.SampleEvents;
import io.convergent.streaming.immunity.CallerSignal;
import io.convergent.streaming.immunity.ScreenedCall;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.StateBackendLoader;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.state.changelog.ChangelogKeyedStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reputation layer on Flink's keyed broadcast harness: calls and complaints by hand, event time
 * moved by hand with watermarks, state inspected through the harness.
 */
class CallerReputationLayerTest {

    private static final long T0 = SampleEvents.T0;
    private static final long SECOND = 1_000L;
    private static final Duration QUIET_AFTER = Duration.ofDays(3);
    private static final String SPAMMER = "k1.SPAMMERSPAMMERSPAMMER";
    private static final String FRIEND = "k1.FRIENDFRIENDFRIENDFRI";
    private static final String NEWCOMER = "k1.NEWCOMERNEWCOMERNEWCO";

    private KeyedBroadcastOperatorTestHarness<String, CallerSignal, byte[], ImmunityDecision>
            harness;

    /** The layer the harness runs now. */
    private CallerReputationLayer layer;

    @BeforeEach
    void open() throws Exception {
        harness = harness(null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aMassDiallerIsHintedAboutThenBlocked() throws Exception {
        for (int i = 0; i < 40; i++) {
            harness.processElement(
                    call(SPAMMER, "e" + i, "k1.victim-" + i, T0 + i * 10 * SECOND), T0);
        }

        List<ImmunityDecision> decisions = harness.extractOutputValues();
        assertThat(decisions).hasSize(40);
        // The first calls find nothing; five in, the pattern earns a hint; at the hourly volume,
        // blocks, and from then on every call is blocked.
        int firstHint = indexOf(decisions, DecisionReason.POOR_REPUTATION);
        int firstBlock = indexOf(decisions, DecisionReason.MASS_DIALLING);
        int hourly = (int) ReputationThresholds.standard().massDialAttemptsPerHour();
        assertThat(decisions.subList(0, firstHint))
                .allSatisfy(d -> assertThat(d.reason()).isNull());
        assertThat(firstHint).isEqualTo(5);
        assertThat(decisions.subList(firstHint, firstBlock))
                .allSatisfy(d -> assertThat(d.reason()).isEqualTo(DecisionReason.POOR_REPUTATION));
        assertThat(firstBlock).isBetween(hourly, hourly + 2);
        assertThat(decisions.subList(firstBlock, 40))
                .allSatisfy(
                        d -> {
                            assertThat(d.action()).isEqualTo(CallAction.BLOCK);
                            assertThat(d.reason()).isEqualTo(DecisionReason.MASS_DIALLING);
                            assertThat(d.reputation().features().attempts1h())
                                    .isGreaterThanOrEqualTo(hourly);
                        });
        assertThat(decisions)
                .extracting(ImmunityDecision::decisionId)
                .doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(id).endsWith("/caller-id"));
    }

    @Test
    void aCaughtMassDiallerIsBlockedFromTheFirstCallOfItsNextCampaign() throws Exception {
        for (int i = 0; i < 30; i++) {
            harness.processElement(
                    call(SPAMMER, "e" + i, "k1.victim-" + i, T0 + i * 10 * SECOND), T0);
        }
        long threeDaysLater = T0 + Duration.ofDays(3).toMillis();

        harness.processElement(call(SPAMMER, "next", "k1.someone", threeDaysLater), T0);

        ImmunityDecision next = harness.extractOutputValues().get(30);
        assertThat(next.reason()).isEqualTo(DecisionReason.MASS_DIALLING);
        assertThat(next.reputation().features().daysSinceMassDialling())
                .isCloseTo(3.0, within(0.01));
        assertThat(next.reputation().features().attempts24h()).isLessThan(2);
    }

    @Test
    void callsBlockedFromMemoryAloneDoNotRenewIt() throws Exception {
        for (int i = 0; i < 30; i++) {
            harness.processElement(
                    call(SPAMMER, "e" + i, "k1.victim-" + i, T0 + i * 10 * SECOND), T0);
        }
        long day = Duration.ofDays(1).toMillis();
        // One ordinary call a day: blocked while the memory lasts, never renewing it.
        for (int d = 1; d <= 9; d++) {
            harness.processElement(call(SPAMMER, "d" + d, "k1.friend", T0 + d * day), T0);
        }

        List<ImmunityDecision> daily = harness.extractOutputValues().subList(30, 39);
        assertThat(daily.subList(0, 7))
                .allSatisfy(d -> assertThat(d.reason()).isEqualTo(DecisionReason.MASS_DIALLING));
        assertThat(daily.subList(7, 9))
                .allSatisfy(d -> assertThat(d.action()).isEqualTo(CallAction.ALLOW));
    }

    @Test
    void aCallTheCallerIdLayerBlockedPassesUntouchedAndCountsForNobody() throws Exception {
        CallerSignal spoofed =
                CallerSignal.ofCall(
                        screened(FRIEND, "e1", "k1.callee", T0),
                        verdict(
                                "e1",
                                FRIEND,
                                CallerIdCheck.assess(
                                        NumberCategory.OURS, Ingress.INTERCONNECT, false)));

        harness.processElement(spoofed, T0);

        assertThat(harness.extractOutputValues()).containsExactly(spoofed.callerIdVerdict());
        assertThat(keyedStateEntries()).isZero();
    }

    @Test
    void aWithheldCallersVerdictPassesUntouchedAndKeepsNothing() throws Exception {
        ImmunityDecision verdict =
                ImmunityDecision.ofWithheldCaller(
                        "w1", "call-w1", "k1.callee", Ingress.INTERNATIONAL, T0, T0);
        CallerSignal withheld = CallerSignal.ofVerdictOnly(verdict);

        harness.processElement(withheld, T0);

        assertThat(withheld.caller()).isEqualTo("verdict/w1");
        assertThat(harness.extractOutputValues()).containsExactly(verdict);
        assertThat(keyedStateEntries()).isZero();
    }

    @Test
    void threeComplaintsBlockTheNumberTheyNameOnceTheWatermarkHasPassedThem() throws Exception {
        harness.processElement(call(FRIEND, "e1", "k1.callee", T0), T0);
        for (int i = 0; i < 3; i++) {
            harness.processElement(
                    CallerSignal.ofComplaint(FRIEND, T0 + (i + 1) * 60 * SECOND), T0);
        }
        // A backlog: the complaints were read ahead of a call placed before them.
        harness.processElement(call(FRIEND, "e2", "k1.callee", T0 + 30 * SECOND), T0);
        harness.watermark(T0 + 3 * 60 * SECOND);
        harness.processElement(call(FRIEND, "e3", "k1.callee", T0 + 5 * 60 * SECOND), T0);

        List<ImmunityDecision> decisions = harness.extractOutputValues();
        assertThat(decisions)
                .extracting(ImmunityDecision::action)
                .containsExactly(CallAction.ALLOW, CallAction.ALLOW, CallAction.BLOCK);
        assertThat(decisions.get(2).reason()).isEqualTo(DecisionReason.MANY_COMPLAINTS);
    }

    /**
     * A number complained about before it ever called: its record starts with the complaints (the
     * filter of known callers learns it then), and its first call is judged on them.
     */
    @Test
    void complaintsAboutANumberThatNeverCalledBlockItsFirstCall() throws Exception {
        for (int i = 0; i < 3; i++) {
            harness.processElement(
                    CallerSignal.ofComplaint(NEWCOMER, T0 + (i + 1) * 60 * SECOND), T0);
        }
        harness.watermark(T0 + 3 * 60 * SECOND);
        harness.processElement(call(NEWCOMER, "e1", "k1.callee", T0 + 5 * 60 * SECOND), T0);

        List<ImmunityDecision> decisions = harness.extractOutputValues();
        assertThat(decisions)
                .extracting(ImmunityDecision::action)
                .containsExactly(CallAction.BLOCK);
        assertThat(decisions.get(0).reason()).isEqualTo(DecisionReason.MANY_COMPLAINTS);
    }

    @Test
    void publishedThresholdsApplyWithoutARestartAndABadDocumentChangesNothing() throws Exception {
        ImmunityRules lenient =
                ImmunityRules.of(
                        3,
                        NumberingPlan.standard(),
                        new ReputationThresholds(100, 1000, 0.8, 0.3, 0.5, 3, 0.9, 7));
        harness.processBroadcastElement(lenient.toJson(), T0);
        harness.processBroadcastElement("{\"format\": 1".getBytes(StandardCharsets.UTF_8), T0);

        for (int i = 0; i < 40; i++) {
            harness.processElement(
                    call(SPAMMER, "e" + i, "k1.victim-" + i, T0 + i * 10 * SECOND), T0);
        }

        assertThat(harness.extractOutputValues()).allSatisfy(d -> assertThat(d.reason()).isNull());
        assertThat(
                        harness.getBroadcastState(CallerIdScreening.RULES_STATE)
                                .get(ImmunityRules.CONTROL_KEY))
                .isEqualTo(lenient.toJson());
    }

    @Test
    void aCallersRecordAndTheRulesSurviveARestore() throws Exception {
        strictRulesThenNineCalls(harness);
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);
        harness.close();

        harness = harness(snapshot);

        assertTheLastOfThreeMoreCallsIsBlocked(harness);
    }

    /** Rules that block the tenth call in an hour, then nine calls of {@link #SPAMMER}. */
    private static void strictRulesThenNineCalls(
            KeyedBroadcastOperatorTestHarness<String, CallerSignal, byte[], ImmunityDecision> h)
            throws Exception {
        h.processBroadcastElement(
                ImmunityRules.of(
                                2,
                                NumberingPlan.standard(),
                                new ReputationThresholds(10, 1000, 0.8, 0.3, 0.5, 3, 0.5, 7))
                        .toJson(),
                T0);
        for (int i = 0; i < 9; i++) {
            h.processElement(call(SPAMMER, "e" + i, "k1.victim-" + i, T0 + i * 10 * SECOND), T0);
        }
    }

    /**
     * After {@link #strictRulesThenNineCalls} and a restore: the twelfth call sees eleven earlier
     * ones (10.8 after fading), nine of them from before the restore; without them it would see
     * two.
     */
    private static void assertTheLastOfThreeMoreCallsIsBlocked(
            KeyedBroadcastOperatorTestHarness<String, CallerSignal, byte[], ImmunityDecision> h)
            throws Exception {
        for (int i = 9; i < 12; i++) {
            h.processElement(call(SPAMMER, "e" + i, "k1.victim-" + i, T0 + i * 10 * SECOND), T0);
        }
        assertThat(h.extractOutputValues())
                .extracting(ImmunityDecision::action)
                .containsExactly(CallAction.ALLOW, CallAction.ALLOW, CallAction.BLOCK);
    }

    /**
     * Records written with Flink's POJO serializer, by the builds before {@link
     * CallerActivitySerializer}, are migrated when the job restores: the caller's history counts
     * on.
     */
    @Test
    void aCallersRecordThePojoSerializerWroteCountsOnAfterTheUpgrade() throws Exception {
        OperatorSubtaskState checkpoint = strictRulesAndNineCallsWrittenByThePojoSerializer();

        try (KeyedBroadcastOperatorTestHarness<String, CallerSignal, byte[], ImmunityDecision>
                after =
                        onRocksDb(
                                new CallerReputationLayer.Operator(
                                        new CallerReputationLayer(QUIET_AFTER)),
                                checkpoint)) {
            assertTheLastOfThreeMoreCallsIsBlocked(after);
        }
    }

    /**
     * The same upgrade under Flink's state changelog, as {@code up} runs the job since: the record
     * is migrated into the changelog's backend, and survives a restore within it.
     */
    @Test
    void aCallersRecordThePojoSerializerWroteCountsOnUnderTheStateChangelog() throws Exception {
        OperatorSubtaskState pojoCheckpoint = strictRulesAndNineCallsWrittenByThePojoSerializer();

        OperatorSubtaskState changelogCheckpoint;
        try (KeyedBroadcastOperatorTestHarness<String, CallerSignal, byte[], ImmunityDecision>
                after = onChangelog(pojoCheckpoint)) {
            changelogCheckpoint = after.snapshot(2L, T0);
        }

        try (KeyedBroadcastOperatorTestHarness<String, CallerSignal, byte[], ImmunityDecision>
                again = onChangelog(changelogCheckpoint)) {
            assertTheLastOfThreeMoreCallsIsBlocked(again);
        }
    }

    /** A checkpoint of the builds before: {@link #strictRulesThenNineCalls} in the POJO format. */
    private static OperatorSubtaskState strictRulesAndNineCallsWrittenByThePojoSerializer()
            throws Exception {
        try (KeyedBroadcastOperatorTestHarness<String, CallerSignal, byte[], ImmunityDecision>
                before =
                        onRocksDb(
                                new CoBroadcastWithKeyedOperator<>(
                                        new PojoRecordWriter(QUIET_AFTER),
                                        List.of(CallerIdScreening.RULES_STATE)),
                                null)) {
            strictRulesThenNineCalls(before);
            return before.snapshot(1L, T0);
        }
    }

    @Test
    void aCallersRecordIsDroppedOnceItHasBeenQuietLongEnough() throws Exception {
        long quiet = QUIET_AFTER.toMillis();
        harness.setStateTtlProcessingTime(0);
        harness.processElement(call(FRIEND, "e1", "k1.a", T0), T0);
        harness.processElement(call(SPAMMER, "e2", "k1.b", T0), T0);
        harness.processElement(call(SPAMMER, "e3", "k1.c", T0 + SECOND), T0);
        // The friend calls again a day later: its record lives on from then.
        harness.setStateTtlProcessingTime(quiet / 3);
        harness.processElement(call(FRIEND, "e4", "k1.a", T0 + quiet / 3), T0);
        assertThat(keyedStateEntries()).isEqualTo(2);

        // Three days after the spammer's last call its record is gone from every checkpoint.
        restoreFromSnapshotAt(quiet + 1);
        assertThat(keyedStateEntries()).isEqualTo(1);

        // And the spammer starts afresh: its first call in days is judged on nothing.
        harness.processElement(call(SPAMMER, "e5", "k1.d", T0 + quiet + SECOND), T0);
        assertThat(harness.extractOutputValues())
                .singleElement()
                .extracting(d -> d.reputation().features().attempts24h())
                .isEqualTo(0.0);

        restoreFromSnapshotAt(2 * quiet + 2);
        assertThat(keyedStateEntries()).isZero();
    }

    @Test
    void aComplaintAboutANumberThatNeverCalledIsForgottenToo() throws Exception {
        harness.setStateTtlProcessingTime(0);
        harness.processElement(CallerSignal.ofComplaint(SPAMMER, T0), T0);
        harness.watermark(T0);
        assertThat(keyedStateEntries()).isEqualTo(1);

        restoreFromSnapshotAt(QUIET_AFTER.toMillis() + 1);
        assertThat(keyedStateEntries()).isZero();
    }

    /** A checkpoint at state-TTL time {@code now}, and a restart from it. */
    private void restoreFromSnapshotAt(long now) throws Exception {
        harness.setStateTtlProcessingTime(now);
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);
        harness.close();
        harness = harness(snapshot);
        harness.setStateTtlProcessingTime(now);
    }

    @Test
    void aNewCallersRecordIsNotLookedForAndAKnownCallersIs() throws Exception {
        for (int i = 0; i < 1_000; i++) {
            harness.processElement(call("k1.new-caller-" + i, "e" + i, "k1.callee", T0), T0);
        }
        // The filter may answer "perhaps" for a new caller: about 1 % of them.
        assertThat(layer.stateReads()).isLessThan(50);

        long readsBefore = layer.stateReads();
        harness.processElement(call("k1.new-caller-7", "e-again", "k1.callee", T0 + SECOND), T0);
        assertThat(layer.stateReads()).isEqualTo(readsBefore + 1);
    }

    @Test
    void aCallerKnownBeforeARestoreIsLookedForAfterIt() throws Exception {
        harness.processElement(call(FRIEND, "e1", "k1.callee", T0), T0);
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);
        harness.close();

        harness = harness(snapshot);
        harness.processElement(call(FRIEND, "e2", "k1.callee", T0 + SECOND), T0);

        assertThat(layer.stateReads()).isEqualTo(1);
        assertThat(harness.extractOutputValues())
                .singleElement()
                .extracting(d -> d.reputation().features().attempts24h())
                .isNotEqualTo(0.0);
    }

    @Test
    void aCallerIsLookedForUntilItsRecordExpiresWhateverTheFilterRotated() throws Exception {
        long quiet = QUIET_AFTER.toMillis();
        // A filter generation spans quietAfter and RecentKeys' hour of clock slack.
        long span = QUIET_AFTER.plus(Duration.ofHours(1)).toMillis();
        // Callers first seen around the filter's rotations, each calling again a moment before its
        // record expires; a new caller every six hours makes the filter rotate whenever it is due.
        TreeMap<Long, List<String>> timeline = new TreeMap<>();
        for (long time : new long[] {0, span - 1, span, 2 * span - 2, 2 * span - 1}) {
            timeline.computeIfAbsent(time, t -> new ArrayList<>()).add("k1.caller-" + time);
            timeline.computeIfAbsent(time + quiet - 1, t -> new ArrayList<>())
                    .add("k1.caller-" + time);
        }
        for (long time = 0; time <= 4 * span; time += Duration.ofHours(6).toMillis()) {
            timeline.computeIfAbsent(time, t -> new ArrayList<>()).add("k1.tick-" + time);
        }

        List<Boolean> isRepeat = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<Long, List<String>> at : timeline.entrySet()) {
            // The filter's clock (processing time) and the TTL's are one wall clock.
            harness.setProcessingTime(at.getKey());
            harness.setStateTtlProcessingTime(at.getKey());
            for (String caller : at.getValue()) {
                isRepeat.add(!seen.add(caller));
                harness.processElement(
                        call(caller, "e" + isRepeat.size(), "k1.callee", T0 + at.getKey()), T0);
            }
        }

        List<ImmunityDecision> decisions = harness.extractOutputValues();
        int repeats = 0;
        for (int i = 0; i < decisions.size(); i++) {
            if (isRepeat.get(i)) {
                repeats++;
                assertThat(decisions.get(i).reputation().features().attempts24h())
                        .as("call %d judged on its caller's earlier call", i)
                        .isGreaterThan(0.0);
            }
        }
        assertThat(repeats).isEqualTo(5);
    }

    @Test
    void aHotCallerCostsOneRecordOfBoundedSize() throws Exception {
        for (int i = 0; i < 5_000; i++) {
            harness.processElement(call(SPAMMER, "e" + i, "k1.victim-" + i, T0 + i * 12L), T0);
        }

        assertThat(harness.extractOutputValues()).hasSize(5_000);
        assertThat(keyedStateEntries()).isEqualTo(1);
        assertThat(harness.extractOutputValues().get(4_999).action()).isEqualTo(CallAction.BLOCK);
    }

    private KeyedBroadcastOperatorTestHarness<String, CallerSignal, byte[], ImmunityDecision>
            harness(OperatorSubtaskState restoreFrom) throws Exception {
        KeyedBroadcastOperatorTestHarness<String, CallerSignal, byte[], ImmunityDecision> h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CallerReputationLayer.Operator(
                                layer = new CallerReputationLayer(QUIET_AFTER)),
                        CallerSignal::caller,
                        Types.STRING,
                        1,
                        1,
                        0);
        h.setup();
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    /** A harness on RocksDB, open, restored from {@code restoreFrom} when not null. */
    private static KeyedBroadcastOperatorTestHarness<String, CallerSignal, byte[], ImmunityDecision>
            onRocksDb(
                    CoBroadcastWithKeyedOperator<String, CallerSignal, byte[], ImmunityDecision>
                            operator,
                    OperatorSubtaskState restoreFrom)
                    throws Exception {
        return on(new EmbeddedRocksDBStateBackend(), operator, restoreFrom);
    }

    /**
     * The layer's operator on RocksDB behind Flink's state changelog (the backend Flink makes of
     * {@code state.changelog.enabled}), open, restored from {@code restoreFrom}.
     */
    private static KeyedBroadcastOperatorTestHarness<String, CallerSignal, byte[], ImmunityDecision>
            onChangelog(OperatorSubtaskState restoreFrom) throws Exception {
        Configuration changelog = new Configuration();
        changelog.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, true);
        StateBackend backend =
                StateBackendLoader.fromApplicationOrConfigOrDefault(
                        new EmbeddedRocksDBStateBackend(),
                        changelog,
                        new Configuration(),
                        CallerReputationLayerTest.class.getClassLoader(),
                        null);
        KeyedBroadcastOperatorTestHarness<String, CallerSignal, byte[], ImmunityDecision> h =
                on(
                        backend,
                        new CallerReputationLayer.Operator(new CallerReputationLayer(QUIET_AFTER)),
                        restoreFrom);
        assertThat(h.getOperator().getKeyedStateBackend())
                .isInstanceOf(ChangelogKeyedStateBackend.class);
        return h;
    }

    private static KeyedBroadcastOperatorTestHarness<String, CallerSignal, byte[], ImmunityDecision>
            on(
                    StateBackend backend,
                    CoBroadcastWithKeyedOperator<String, CallerSignal, byte[], ImmunityDecision>
                            operator,
                    OperatorSubtaskState restoreFrom)
                    throws Exception {
        KeyedBroadcastOperatorTestHarness<String, CallerSignal, byte[], ImmunityDecision> h =
                new KeyedBroadcastOperatorTestHarness<>(
                        operator, CallerSignal::caller, Types.STRING, 1, 1, 0);
        h.setStateBackend(backend);
        h.setup();
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        return h;
    }

    /**
     * The caller's record as the builds before {@link CallerActivitySerializer} kept it: the same
     * state (name, time-to-live), written by Flink's POJO serializer; and the rules, as the layer
     * keeps them.
     */
    private static final class PojoRecordWriter
            extends KeyedBroadcastProcessFunction<String, CallerSignal, byte[], ImmunityDecision> {
        private static final long serialVersionUID = 1L;
        private final Duration quietAfter;
        private transient ValueState<CallerActivity> record;
        private transient RulesInForce rules;

        PojoRecordWriter(Duration quietAfter) {
            this.quietAfter = quietAfter;
        }

        @Override
        public void open(OpenContext openContext) {
            ValueStateDescriptor<CallerActivity> descriptor =
                    new ValueStateDescriptor<>(
                            CallerReputationLayer.ACTIVITY_STATE,
                            TypeInformation.of(CallerActivity.class));
            descriptor.enableTimeToLive(CallerReputationLayer.activityExpiry(quietAfter));
            record = getRuntimeContext().getState(descriptor);
            rules = new RulesInForce(null);
        }

        @Override
        public void processElement(
                CallerSignal signal, ReadOnlyContext ctx, Collector<ImmunityDecision> out)
                throws Exception {
            CallerActivity activity = record.value();
            if (activity == null) {
                activity = new CallerActivity();
            }
            ScreenedCall call = signal.call();
            activity.recordCall(
                    call.startTime(),
                    call.callee(),
                    call.calleeBefore(),
                    call.calleeAfter(),
                    call.answered(),
                    call.talkMillis());
            record.update(activity);
        }

        @Override
        public void processBroadcastElement(
                byte[] document, Context ctx, Collector<ImmunityDecision> out) throws Exception {
            rules.offer(document, ctx.getBroadcastState(CallerIdScreening.RULES_STATE));
        }
    }

    private static int indexOf(List<ImmunityDecision> decisions, DecisionReason reason) {
        for (int i = 0; i < decisions.size(); i++) {
            if (decisions.get(i).reason() == reason) {
                return i;
            }
        }
        throw new AssertionError("no decision for " + reason + " in " + decisions);
    }

    /** Entries in the operator's keyed state (the harness runs the heap backend). */
    private int keyedStateEntries() {
        AbstractStreamOperator<?> operator =
                (AbstractStreamOperator<?>) harness.getTwoInputOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend())
                .numKeyValueStateEntries();
    }

    /** An unanswered call the caller-id layer found nothing against. */
    private static CallerSignal call(String caller, String eventId, String callee, long time) {
        return CallerSignal.ofCall(
                screened(caller, eventId, callee, time),
                verdict(eventId, caller, CallerIdAssessment.CLEAN));
    }

    private static ScreenedCall screened(String caller, String eventId, String callee, long time) {
        return new ScreenedCall(
                eventId,
                "call-" + eventId,
                caller,
                callee,
                NumberCategory.DOMESTIC_MOBILE,
                Ingress.INTERCONNECT,
                time,
                false,
                0,
                null,
                null);
    }

    private static ImmunityDecision verdict(
            String eventId, String caller, CallerIdAssessment assessment) {
        return ImmunityDecision.ofCallerId(
                eventId,
                "call-" + eventId,
                assessment,
                caller,
                "k1.callee",
                NumberCategory.DOMESTIC_MOBILE,
                Ingress.INTERCONNECT,
                T0,
                T0);
    }
}
