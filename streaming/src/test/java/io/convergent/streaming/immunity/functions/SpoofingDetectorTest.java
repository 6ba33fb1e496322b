package io.convergent.streaming.immunity.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.event.Ingress;
import io.convergent.common.immunity.CallAction;
import io.convergent.common.immunity.DecisionReason;
import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.streaming.immunity.CallerSignal;
import io.convergent.streaming.immunity.RoamingChange;
import io.convergent.streaming.immunity.ScreenedCall;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpoofingDetectorTest {

    private static final String OWNER = "k1.OWNEROWNEROWNEROWNERA";
    private static final String OTHER = "k1.OTHEROTHEROTHEROTHERA";
    private static final long T0 = 1_770_000_000_000L;
    private static final long MINUTE = 60_000L;
    private static final Duration HOME_GRACE = Duration.ofHours(1);
    private static final Duration LIVE_HORIZON = Duration.ofMinutes(1);
    private static final Duration QUIET = SpoofingDetector.QUIET_INPUTS;

    private KeyedTwoInputStreamOperatorTestHarness<
                    String, ScreenedCall, RoamingChange, CallerSignal>
            harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void ourNumberFromOutsideIsBlockedWhileItsOwnerIsAtHome() throws Exception {
        harness.setProcessingTime(T0);
        harness.processElement1(call("e1", OWNER, T0), T0);

        ImmunityDecision decision = single();
        assertThat(decision.action()).isEqualTo(CallAction.BLOCK);
        assertThat(decision.reason()).isEqualTo(DecisionReason.OUR_NUMBER_FROM_OUTSIDE);
        assertThat(decision.decisionId()).isEqualTo("e1/caller-id");
        // Nothing is kept for a number whose owner never roamed.
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void ourNumberFromOutsideIsAllowedWhileItsOwnerIsAbroad() throws Exception {
        harness.processElement2(new RoamingChange(OWNER, true, T0), T0);
        harness.processElement1(call("e1", OWNER, T0 + MINUTE), T0 + MINUTE);
        harness.processElement1(call("e2", OTHER, T0 + MINUTE), T0 + MINUTE);

        List<ImmunityDecision> decisions = decisions();
        assertThat(decisions).extracting(ImmunityDecision::eventId).containsExactly("e1", "e2");
        assertThat(decisions.get(0).action()).isEqualTo(CallAction.ALLOW);
        assertThat(decisions.get(0).reason()).isNull();
        assertThat(decisions.get(1).action()).isEqualTo(CallAction.BLOCK);
    }

    @Test
    void aCallPlacedAbroadButScreenedAfterTheReturnIsStillAllowed() throws Exception {
        harness.processElement2(new RoamingChange(OWNER, true, T0), T0);
        harness.processElement2(new RoamingChange(OWNER, false, T0 + 60 * MINUTE), T0);

        harness.processElement1(call("placed-abroad", OWNER, T0 + 59 * MINUTE), T0);
        harness.processElement1(call("placed-at-home", OWNER, T0 + 61 * MINUTE), T0);

        assertThat(decisions())
                .extracting(ImmunityDecision::action)
                .containsExactly(CallAction.ALLOW, CallAction.BLOCK);
    }

    @Test
    void afterTheGraceOnlyTheReturnIsKeptAndLateEvidenceOfTheStayChangesNothing() throws Exception {
        harness.setProcessingTime(T0);
        harness.processElement2(new RoamingChange(OWNER, true, T0), T0);
        harness.processElement2(new RoamingChange(OWNER, false, T0 + 10 * MINUTE), T0);
        // The status, the time of the newest change and of the return, when the grace ends.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(4);

        harness.setProcessingTime(T0 + HOME_GRACE.toMillis());
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        // A data session of the stay, read long after the return.
        harness.processElement2(new RoamingChange(OWNER, true, T0 + 5 * MINUTE), T0);
        harness.processElement1(call("at-home", OWNER, T0 + 59 * MINUTE), T0);

        assertThat(single().action()).isEqualTo(CallAction.BLOCK);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void anEarlierReturnsGraceDoesNotCutALaterOneShort() throws Exception {
        harness.setProcessingTime(T0);
        harness.processElement2(new RoamingChange(OWNER, true, T0), T0);
        harness.processElement2(new RoamingChange(OWNER, false, T0 + 10 * MINUTE), T0);
        // Off again across the border, and back, within the first grace.
        harness.setProcessingTime(T0 + 20 * MINUTE);
        harness.processElement2(new RoamingChange(OWNER, true, T0 + 20 * MINUTE), T0);
        harness.setProcessingTime(T0 + 40 * MINUTE);
        harness.processElement2(new RoamingChange(OWNER, false, T0 + 40 * MINUTE), T0);

        // The first return's grace ends; the second's has not.
        harness.setProcessingTime(T0 + HOME_GRACE.toMillis() + MINUTE);
        harness.processElement1(call("placed-abroad", OWNER, T0 + 35 * MINUTE), T0);
        // Older than a live call: decided once the watermark passes it.
        harness.processBothWatermarks(new Watermark(T0 + 36 * MINUTE));

        assertThat(single().action()).isEqualTo(CallAction.ALLOW);
    }

    @Test
    void aSubscriberAbroadIsForgottenAfterTheRoamingTtlWithoutNews() throws Exception {
        harness.setStateTtlProcessingTime(T0);
        harness.processElement2(new RoamingChange(OWNER, true, T0), T0);
        harness.setStateTtlProcessingTime(T0 + Duration.ofDays(30).toMillis() + 1);

        harness.processElement1(call("e1", OWNER, T0), T0);

        assertThat(single().action()).isEqualTo(CallAction.BLOCK);
    }

    @Test
    void anUpdateOlderThanTheStatusInForceIsIgnored() throws Exception {
        harness.processElement2(new RoamingChange(OWNER, true, T0 + 10 * MINUTE), T0);
        // A location update at home from before the trip, delivered late.
        harness.processElement2(new RoamingChange(OWNER, false, T0), T0);

        harness.processElement1(call("e1", OWNER, T0 + 20 * MINUTE), T0);

        assertThat(single().action()).isEqualTo(CallAction.ALLOW);
    }

    @Test
    void evidenceFromAbroadReadAfterLaterEvidenceMovesTheStartOfTheStayBack() throws Exception {
        // A backlog read a data session abroad from T0 + 3 h ahead of the roaming entry at T0.
        harness.processElement2(new RoamingChange(OWNER, true, T0 + 180 * MINUTE), T0);
        harness.processElement2(new RoamingChange(OWNER, true, T0), T0);

        harness.processElement1(call("e1", OWNER, T0 + 60 * MINUTE), T0);

        assertThat(single().action()).isEqualTo(CallAction.ALLOW);
    }

    @Test
    void evidenceFromAnEarlierStayDoesNotReachBackPastTheReturnAfterIt() throws Exception {
        harness.processElement2(new RoamingChange(OWNER, true, T0), T0);
        harness.processElement2(new RoamingChange(OWNER, false, T0 + 60 * MINUTE), T0);
        harness.processElement2(new RoamingChange(OWNER, true, T0 + 180 * MINUTE), T0);
        // A data session of the first stay, read last.
        harness.processElement2(new RoamingChange(OWNER, true, T0 + 30 * MINUTE), T0);

        harness.processElement1(call("between-the-stays", OWNER, T0 + 120 * MINUTE), T0);
        harness.processElement1(call("second-stay", OWNER, T0 + 200 * MINUTE), T0);

        assertThat(decisions())
                .extracting(ImmunityDecision::action)
                .containsExactly(CallAction.BLOCK, CallAction.ALLOW);
    }

    @Test
    void aReturnReadAfterEvidenceOfTheNextStayEndsOnlyTheStayBeforeIt() throws Exception {
        harness.processElement2(new RoamingChange(OWNER, true, T0), T0);
        harness.processElement2(new RoamingChange(OWNER, true, T0 + 180 * MINUTE), T0);
        // The return between the two stays, delivered late.
        harness.processElement2(new RoamingChange(OWNER, false, T0 + 60 * MINUTE), T0);

        harness.processElement1(call("first-stay", OWNER, T0 + 30 * MINUTE), T0);
        harness.processElement1(call("between-the-stays", OWNER, T0 + 120 * MINUTE), T0);
        harness.processElement1(call("second-stay", OWNER, T0 + 200 * MINUTE), T0);
        // Earlier evidence of the second stay, read later still.
        harness.processElement2(new RoamingChange(OWNER, true, T0 + 150 * MINUTE), T0);
        harness.processElement1(call("second-stay-earlier", OWNER, T0 + 160 * MINUTE), T0);

        // The first stay is forgotten once the second began: before it the owner counts as home.
        assertThat(decisions())
                .extracting(ImmunityDecision::action)
                .containsExactly(
                        CallAction.BLOCK, CallAction.BLOCK, CallAction.ALLOW, CallAction.ALLOW);
    }

    @Test
    void aCallBeforeADepartureReadAheadIsJudgedAsFromHome() throws Exception {
        // A backlog read the network events ahead of the calls: the owner leaves at T0 + 1 h.
        harness.processElement2(new RoamingChange(OWNER, true, T0 + 60 * MINUTE), T0);

        harness.processElement1(call("before-the-trip", OWNER, T0), T0);
        harness.processElement1(call("just-landed", OWNER, T0 + 58 * MINUTE), T0);

        assertThat(decisions())
                .extracting(ImmunityDecision::action)
                .containsExactly(CallAction.BLOCK, CallAction.ALLOW);
    }

    @Test
    void anExitReadBeforeAnyEvidenceOfTheStayStillEndsIt() throws Exception {
        harness.setProcessingTime(T0 + 10 * MINUTE);
        // The traveller left before the job's data began; their exit is read first, a data
        // session of the stay after it.
        harness.processElement2(RoamingChange.exit(OWNER, T0), T0);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.processElement2(new RoamingChange(OWNER, true, T0 - 30 * MINUTE), T0);

        harness.processElement1(call("forged", OWNER, T0 + 10 * MINUTE), T0);

        assertThat(single().action()).isEqualTo(CallAction.BLOCK);
    }

    @Test
    void aHomeUpdateForSomeoneWhoNeverLeftKeepsNothing() throws Exception {
        harness.processElement2(new RoamingChange(OWNER, false, T0), T0);

        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void roamingStateSurvivesASnapshotAndRestore() throws Exception {
        harness.processElement2(new RoamingChange(OWNER, true, T0), T0);
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);
        harness.close();

        harness = harness();
        harness.initializeState(snapshot);
        harness.open();
        harness.processElement1(call("e1", OWNER, T0 + MINUTE), T0 + MINUTE);

        assertThat(single().action()).isEqualTo(CallAction.ALLOW);
    }

    @Test
    void aBacklogCallThatWouldBeBlockedWaitsForTheWatermark() throws Exception {
        // Replaying history: the call is an hour old, its owner's roaming entry not read yet.
        harness.setProcessingTime(T0 + 60 * MINUTE);
        harness.processElement1(call("replayed", OWNER, T0), T0);
        assertThat(decisions()).isEmpty();

        harness.processElement2(new RoamingChange(OWNER, true, T0 - MINUTE), T0 - MINUTE);
        harness.processBothWatermarks(new Watermark(T0));

        assertThat(single().action()).isEqualTo(CallAction.ALLOW);
        // The roaming status and its newest change only: no held call left.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    }

    @Test
    void aBacklogCallThatWouldBeAllowedAlsoWaitsForTheWatermark() throws Exception {
        // The owner's data sessions abroad were read; their return, in another partition, not yet.
        harness.processElement2(new RoamingChange(OWNER, true, T0 - 120 * MINUTE), T0);
        harness.setProcessingTime(T0 + 24 * 60 * MINUTE);
        harness.processElement1(call("forged-next-day", OWNER, T0 + 60 * MINUTE), T0);
        assertThat(decisions()).isEmpty();

        harness.processElement2(new RoamingChange(OWNER, false, T0), T0);
        harness.processBothWatermarks(new Watermark(T0 + 60 * MINUTE));

        assertThat(single().action()).isEqualTo(CallAction.BLOCK);
    }

    @Test
    void aBacklogCallStillUnexplainedAtItsWatermarkIsBlocked() throws Exception {
        harness.setProcessingTime(T0 + 60 * MINUTE);
        harness.processElement1(call("replayed", OWNER, T0), T0);

        harness.processBothWatermarks(new Watermark(T0));

        assertThat(single().action()).isEqualTo(CallAction.BLOCK);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void heldCallsAreDecidedWhenTheWatermarkStandsStillAfterTheBacklogEnds() throws Exception {
        // A replayed history's last seconds: behind the out-of-orderness bound, nothing after.
        harness.setProcessingTime(T0 + 60 * MINUTE);
        harness.processBothWatermarks(new Watermark(T0 - 5_000));
        harness.processElement1(call("last-of-backlog", OWNER, T0), T0);
        harness.processElement2(new RoamingChange(OWNER, true, T0 - MINUTE), T0 - MINUTE);

        harness.setProcessingTime(T0 + 60 * MINUTE + QUIET.toMillis() - 1);
        assertThat(decisions()).isEmpty();
        harness.setProcessingTime(T0 + 60 * MINUTE + QUIET.toMillis());

        assertThat(single().action()).isEqualTo(CallAction.ALLOW);
        // The roaming status and its newest change: nothing held, no check pending.
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void aRestoredJobWhoseWatermarkStartsOverKeepsTheCallsHeld() throws Exception {
        long now = T0 + 60 * MINUTE;
        harness.setProcessingTime(now);
        harness.processBothWatermarks(new Watermark(T0 - 5_000));
        harness.processElement1(call("replayed", OWNER, T0), T0);
        OperatorSubtaskState snapshot = harness.snapshot(1L, now);
        harness.close();

        // Restored after the check was due: the watermark is not in the checkpoint.
        harness = harness();
        harness.initializeState(snapshot);
        harness.open();
        harness.setProcessingTime(now + QUIET.toMillis());
        assertThat(decisions()).isEmpty();
        harness.processElement2(new RoamingChange(OWNER, true, T0 - MINUTE), T0 - MINUTE);
        harness.processBothWatermarks(new Watermark(T0));

        assertThat(single().action()).isEqualTo(CallAction.ALLOW);
    }

    @Test
    void aWatermarkStillMovingKeepsTheCallsHeld() throws Exception {
        long now = T0 + 60 * MINUTE;
        harness.setProcessingTime(now);
        harness.processBothWatermarks(new Watermark(T0 - 60_000));
        harness.processElement1(call("replayed", OWNER, T0), T0);

        // A slow catch-up: the watermark creeps on, short of the call.
        harness.processBothWatermarks(new Watermark(T0 - 30_000));
        now += QUIET.toMillis();
        harness.setProcessingTime(now);
        assertThat(decisions()).isEmpty();

        now += QUIET.toMillis();
        harness.setProcessingTime(now);
        assertThat(single().action()).isEqualTo(CallAction.BLOCK);
    }

    @Test
    void callsReleasedByTheWatermarkLeaveNoCheckBehind() throws Exception {
        harness.setProcessingTime(T0 + 60 * MINUTE);
        harness.processElement1(call("replayed", OWNER, T0), T0);
        harness.processBothWatermarks(new Watermark(T0));
        assertThat(single().action()).isEqualTo(CallAction.BLOCK);

        harness.setProcessingTime(T0 + 60 * MINUTE + 2 * QUIET.toMillis());

        assertThat(decisions()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void theQuietCheckDoesNotCutAHomeGraceShort() throws Exception {
        harness.setProcessingTime(T0);
        harness.processBothWatermarks(new Watermark(T0 - 20 * MINUTE));
        harness.processElement2(new RoamingChange(OWNER, true, T0 - 120 * MINUTE), T0);
        harness.processElement2(new RoamingChange(OWNER, false, T0 + 3 * MINUTE), T0);
        harness.processElement1(call("replayed-from-abroad", OWNER, T0 - 10 * MINUTE), T0);

        harness.setProcessingTime(T0 + QUIET.toMillis());
        assertThat(single().action()).isEqualTo(CallAction.ALLOW);
        // Still within the grace: a live call placed before the return is allowed.
        harness.processElement1(call("placed-abroad", OWNER, T0 + QUIET.toMillis() + 30_000), T0);

        assertThat(decisions())
                .extracting(ImmunityDecision::action)
                .containsExactly(CallAction.ALLOW, CallAction.ALLOW);
    }

    @Test
    void aLiveCallIsDecidedAtOnceWhateverTheWatermark() throws Exception {
        harness.setProcessingTime(T0 + 10_000);
        harness.processElement1(call("live", OWNER, T0), T0);

        assertThat(single().action()).isEqualTo(CallAction.BLOCK);
    }

    @Test
    void refusesANonPositiveDuration() {
        assertThatThrownBy(() -> new SpoofingDetector(Duration.ZERO, HOME_GRACE, LIVE_HORIZON))
                .hasMessage("roaming TTL must be positive, got PT0S");
        assertThatThrownBy(
                        () ->
                                new SpoofingDetector(
                                        Duration.ofDays(1), Duration.ofMinutes(-1), LIVE_HORIZON))
                .hasMessage("home grace must be positive, got PT-1M");
        assertThatThrownBy(() -> new SpoofingDetector(Duration.ofDays(1), HOME_GRACE, null))
                .hasMessage("live horizon");
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, ScreenedCall, RoamingChange, CallerSignal>
            harness() throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(
                        new SpoofingDetector(Duration.ofDays(30), HOME_GRACE, LIVE_HORIZON)),
                ScreenedCall::caller,
                RoamingChange::subscriber,
                Types.STRING);
    }

    private static ScreenedCall call(String eventId, String caller, long startTime) {
        return new ScreenedCall(
                eventId,
                "call-" + eventId,
                caller,
                "k1.CALLEECALLEECALLEECALL",
                NumberCategory.OURS,
                Ingress.INTERCONNECT,
                startTime,
                false,
                0,
                null,
                null);
    }

    private List<ImmunityDecision> decisions() {
        return harness.extractOutputValues().stream().map(CallerSignal::callerIdVerdict).toList();
    }

    private ImmunityDecision single() {
        List<ImmunityDecision> decisions = decisions();
        assertThat(decisions).hasSize(1);
        return decisions.get(0);
    }
}
