package io.convergent.streaming.immunity.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.convergent.common.event.CallEvent;
import io.convergent.common.event.Channel;
import io.convergent.common.event.ComplaintCategory;
import io.convergent.common.event.ComplaintEvent;
import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.Ingress;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.event.RadioAccess;
import io.convergent.common.event.ReleaseCause;
import io.convergent.common.event.schema.EventTimes;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.common.identity.PseudonymKeyRing;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.immunity.CallAction;
import io.convergent.common.immunity.DecisionReason;
import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.common.immunity.ImmunityRules;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.numbering.NumberRange;
import io.convergent.common.numbering.NumberingPlan;
import io.convergent.common.testing.SampleEvents;
import io.convergent.common.topic.Topics;
import io.convergent.streaming.immunity.CallerSignal;
import io.convergent.streaming.immunity.RoamingChange;
import io.convergent.streaming.immunity.ScreenedCall;
import io.convergent.streaming.immunity.SourceRecord;
import io.convergent.streaming.immunity.fraud.SubscriberEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallerIdScreeningTest {

    private static final long T0 = SampleEvents.T0;
    private static final String OUR_NUMBER = SampleEvents.SUBSCRIBER; // +7958...
    private static final String OTHER_OPERATOR = SampleEvents.DOMESTIC_CALLER; // +7912...
    private static final String UNALLOCATED = "+79584000001";
    private static final String FIXED_LINE = "+74951234567";

    @TempDir static Path keyDirectory;

    private static Path keyFile;
    private static Pseudonymiser pseudonymiser;

    private BroadcastOperatorTestHarness<SourceRecord, byte[], CallerSignal> harness;

    @BeforeEach
    void open() throws Exception {
        if (keyFile == null) {
            keyFile = keyDirectory.resolve("pseudonym.key");
            PseudonymKeyFile.createIfMissing(keyFile);
            pseudonymiser =
                    new Pseudonymiser(PseudonymKeyRing.readFile(keyFile), Identifiers.russian());
        }
        harness = harness(null);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aCallNeedingNoStateIsDecidedHereWithNumbersPseudonymised() throws Exception {
        harness.processElement(calls(call("e1", FIXED_LINE, Ingress.INTERNATIONAL)), T0);
        harness.processElement(calls(call("e2", OTHER_OPERATOR, Ingress.INTERCONNECT)), T0);
        harness.processElement(calls(call("e3", UNALLOCATED, Ingress.INTERCONNECT)), T0);

        List<ImmunityDecision> decisions = verdicts();
        assertThat(decisions)
                .extracting(ImmunityDecision::action, ImmunityDecision::reason)
                .containsExactly(
                        tuple(CallAction.BLOCK, DecisionReason.DOMESTIC_FIXED_VIA_INTERNATIONAL),
                        tuple(CallAction.ALLOW, null),
                        tuple(CallAction.BLOCK, DecisionReason.UNALLOCATED_NUMBER));
        assertThat(decisions.get(0).caller()).isEqualTo(pseudonym(FIXED_LINE));
        assertThat(decisions.get(0).callee()).isEqualTo(pseudonym(OUR_NUMBER));
        assertThat(sideOutput(CallerIdScreening.ROAMING_CHECKS)).isEmpty();
    }

    @Test
    void aShortNumberFromAbroadIsBlockedFromAnotherNetworkFlaggedAndNoneKeepsAReputation()
            throws Exception {
        harness.processElement(calls(call("e1", "900", Ingress.INTERNATIONAL)), T0);
        harness.processElement(calls(call("e2", "900", Ingress.INTERCONNECT)), T0);
        harness.processElement(calls(call("e3", "0611", Ingress.ON_NET)), T0);
        // Complaints about "900" are as often about its forgeries: not held against the line.
        harness.processElement(
                complaints(
                        new ComplaintEvent(
                                "c1",
                                T0,
                                OUR_NUMBER,
                                ComplaintCategory.FRAUD_CALL,
                                Channel.MOBILE_APP,
                                "900")),
                T0);

        List<ImmunityDecision> decisions = verdicts();
        assertThat(decisions)
                .extracting(ImmunityDecision::action, ImmunityDecision::reason)
                .containsExactly(
                        tuple(CallAction.BLOCK, DecisionReason.SHORT_NUMBER_FROM_ABROAD),
                        tuple(CallAction.ALLOW, DecisionReason.SHORT_NUMBER_VIA_INTERCONNECT),
                        tuple(CallAction.ALLOW, null));
        assertThat(decisions)
                .extracting(ImmunityDecision::caller)
                .containsExactly("svc:900", "svc:900", "svc:0611");
        assertThat(decisions.get(0).callerCategory()).isEqualTo(NumberCategory.SERVICE);
        assertThat(harness.extractOutputValues())
                .allSatisfy(signal -> assertThat(signal.isVerdictOnly()).isTrue());
        assertThat(sideOutput(CallerIdScreening.ROAMING_CHECKS)).isEmpty();
    }

    @Test
    void aCallerIdThatIsNoNumberIsBlockedButAnyOtherFaultLeavesTheRecordUndecided()
            throws Exception {
        String presented = "+7 958 123";
        String json = serialiseToString(call("e1", OTHER_OPERATOR, Ingress.INTERCONNECT));
        harness.processElement(
                callsJson(json.replace(OTHER_OPERATOR, presented).replace("e1", "e-invalid")), T0);
        harness.processElement(
                callsJson(
                        json.replace(OTHER_OPERATOR, presented)
                                .replace("e1", "e-two-faults")
                                .replace(OUR_NUMBER, "not a number")),
                T0);

        List<ImmunityDecision> decisions = verdicts();
        assertThat(decisions)
                .extracting(
                        ImmunityDecision::eventId,
                        ImmunityDecision::action,
                        ImmunityDecision::reason,
                        ImmunityDecision::callerCategory)
                .containsExactly(
                        tuple(
                                "e-invalid",
                                CallAction.BLOCK,
                                DecisionReason.INVALID_CALLER_ID,
                                NumberCategory.UNALLOCATED));
        assertThat(decisions.get(0).caller())
                .isEqualTo(pseudonymiser.pseudonymiseCanonical(IdentifierKind.MSISDN, presented));
        assertThat(decisions.get(0).callee()).isEqualTo(pseudonym(OUR_NUMBER));
    }

    @Test
    void aNumberWrittenInsideTheEventIdOrCallReferenceNeverReachesTheDecision() throws Exception {
        String raw = OTHER_OPERATOR.substring(1);
        String json =
                serialiseToString(call("e1", OTHER_OPERATOR, Ingress.INTERCONNECT))
                        .replace("\"e1\"", "\"cdr-" + raw + "\"")
                        .replace("\"call-e1\"", "\"ref-" + raw + "\"");
        harness.processElement(callsJson(json), T0);

        ImmunityDecision decision = verdicts().get(0);
        assertThat(decision.eventId()).isEqualTo("cdr-" + pseudonym(OTHER_OPERATOR));
        assertThat(decision.callId()).isEqualTo("ref-" + pseudonym(OTHER_OPERATOR));
        assertThat(new String(decision.toJson(), StandardCharsets.UTF_8)).doesNotContain(raw);
    }

    @Test
    void ourNumberFromOutsideGoesToTheRoamingCheck() throws Exception {
        harness.processElement(calls(call("e1", OUR_NUMBER, Ingress.INTERCONNECT)), T0);
        harness.processElement(calls(call("e2", OUR_NUMBER, Ingress.ON_NET)), T0);

        assertThat(verdicts()).extracting(ImmunityDecision::eventId).containsExactly("e2");
        List<ScreenedCall> checks = sideOutput(CallerIdScreening.ROAMING_CHECKS);
        assertThat(checks).hasSize(1);
        assertThat(checks.get(0).caller()).isEqualTo(pseudonym(OUR_NUMBER));
        assertThat(checks.get(0).callerCategory()).isEqualTo(NumberCategory.OURS);
    }

    @Test
    void roamingEntryExitAndForeignLocationUpdatesBecomeRoamingChanges() throws Exception {
        harness.processElement(network(network("n1", NetworkEventType.ROAMING_ENTRY, 262)), T0);
        harness.processElement(network(network("n2", NetworkEventType.LOCATION_UPDATE, 250)), T0);
        harness.processElement(network(network("n3", NetworkEventType.LOCATION_UPDATE, 262)), T0);
        harness.processElement(network(network("n4", NetworkEventType.ROAMING_EXIT, 250)), T0);
        harness.processElement(network(SampleEvents.simSwap()), T0);

        assertThat(sideOutput(CallerIdScreening.ROAMING_CHANGES))
                .extracting(RoamingChange::abroad)
                .containsExactly(true, false, true, false);
        // Only the exit is a return a traveller alone makes.
        assertThat(sideOutput(CallerIdScreening.ROAMING_CHANGES))
                .extracting(RoamingChange::exit)
                .containsExactly(false, false, false, true);
        assertThat(sideOutput(CallerIdScreening.ROAMING_CHANGES))
                .extracting(RoamingChange::subscriber)
                .containsOnly(pseudonym(OUR_NUMBER));
    }

    @Test
    void aDataSessionInAForeignNetworkPutsItsSubscriberAbroadAtTheSessionEnd() throws Exception {
        harness.processElement(data(session("d1", OUR_NUMBER, 262)), T0);
        harness.processElement(data(session("d2", OUR_NUMBER, null)), T0);
        harness.processElement(data(session("d3", OUR_NUMBER, 250)), T0);
        harness.processElement(data(session("d4", OTHER_OPERATOR, 262)), T0);
        // A roaming session that breaks the contract is skipped, and the next one still read.
        String badRadio =
                InputTopics.DATA
                        .serialiseToString(session("d5", OUR_NUMBER, 262))
                        .replace("\"LTE\"", "\"6G\"");
        harness.processElement(
                new SourceRecord(
                        Topics.TELCO_DATA,
                        badRadio.getBytes(StandardCharsets.UTF_8),
                        EventTimes.UNKNOWN),
                T0);
        harness.processElement(data(session("d6", OUR_NUMBER, 228)), T0 + 1);

        // Only the sessions abroad count: at home (no visited network, or our own MCC) a session
        // says nothing the network's events do not, and another operator's subscriber is not ours.
        assertThat(sideOutput(CallerIdScreening.ROAMING_CHANGES))
                .containsExactly(
                        new RoamingChange(pseudonym(OUR_NUMBER), true, SESSION_END),
                        new RoamingChange(pseudonym(OUR_NUMBER), true, SESSION_END));
        assertThat(verdicts()).isEmpty();
    }

    @Test
    void anUnparseableRecordIsSkippedAndTheNextOneStillDecided() throws Exception {
        harness.processElement(
                new SourceRecord(
                        Topics.TELCO_CALLS,
                        "{not json".getBytes(StandardCharsets.UTF_8),
                        EventTimes.UNKNOWN),
                T0);
        harness.processElement(new SourceRecord(Topics.TELCO_CALLS, null, EventTimes.UNKNOWN), T0);
        harness.processElement(calls(call("e1", OTHER_OPERATOR, Ingress.INTERCONNECT)), T0);

        assertThat(verdicts()).extracting(ImmunityDecision::eventId).containsExactly("e1");
    }

    @Test
    void newRulesApplyAtRuntimeAndSurviveARestore() throws Exception {
        // Version 2 hands +7912 to nobody: from now on such a caller is blocked.
        harness.processBroadcastElement(rulesWithout("+7912", 2).toJson(), T0);
        harness.processElement(calls(call("e1", OTHER_OPERATOR, Ingress.INTERCONNECT)), T0);
        assertThat(verdicts())
                .extracting(ImmunityDecision::reason)
                .containsExactly(DecisionReason.UNALLOCATED_NUMBER);

        OperatorSubtaskState snapshot = harness.snapshot(1L, T0);
        harness.close();
        harness = harness(snapshot);
        harness.processElement(calls(call("e2", OTHER_OPERATOR, Ingress.INTERCONNECT)), T0);

        assertThat(verdicts())
                .extracting(ImmunityDecision::reason)
                .containsExactly(DecisionReason.UNALLOCATED_NUMBER);
    }

    @Test
    void aBadOrOlderRulesDocumentIsRefusedAndTheRulesInForceStay() throws Exception {
        harness.processBroadcastElement(rulesWithout("+7912", 5).toJson(), T0);
        harness.processBroadcastElement("{\"format\": 1}".getBytes(StandardCharsets.UTF_8), T0);
        // An old document replayed from the compacted topic does not undo version 5.
        harness.processBroadcastElement(ImmunityRules.standard().withVersion(4).toJson(), T0);

        harness.processElement(calls(call("e1", OTHER_OPERATOR, Ingress.INTERCONNECT)), T0);

        assertThat(verdicts())
                .extracting(ImmunityDecision::reason)
                .containsExactly(DecisionReason.UNALLOCATED_NUMBER);
    }

    @Test
    void restoredRulesThisBuildRefusesDoNotFailTheJobTheShippedRulesApply() throws Exception {
        // What a restore after an upgrade that tightened the checks hands the operator: a document
        // an earlier build stored, which this one refuses.
        harness.getBroadcastState(CallerIdScreening.RULES_STATE)
                .put(
                        ImmunityRules.CONTROL_KEY,
                        "{\"format\": 1, \"version\": 7}".getBytes(StandardCharsets.UTF_8));

        harness.processElement(calls(call("e1", UNALLOCATED, Ingress.INTERCONNECT)), T0);
        // A usable document published afterwards is applied.
        harness.processBroadcastElement(rulesWithout("+7912", 1).toJson(), T0);
        harness.processElement(calls(call("e2", OTHER_OPERATOR, Ingress.INTERCONNECT)), T0);

        assertThat(verdicts())
                .extracting(ImmunityDecision::reason)
                .containsExactly(
                        DecisionReason.UNALLOCATED_NUMBER, DecisionReason.UNALLOCATED_NUMBER);
    }

    @Test
    void theRulesInForceAtTheStartApplyBeforeTheRulesTopicIsRead() throws Exception {
        harness.close();
        harness = harness(null, rulesWithout("+7912", 5).toJson());

        // A backlog's first call, read before any document of the rules topic.
        harness.processElement(calls(call("e1", OTHER_OPERATOR, Ingress.INTERCONNECT)), T0);
        // The topic's own copy of version 5 changes nothing; version 6 applies.
        harness.processBroadcastElement(rulesWithout("+7912", 5).toJson(), T0);
        assertThat(
                        harness.getBroadcastState(CallerIdScreening.RULES_STATE)
                                .get(ImmunityRules.CONTROL_KEY))
                .as("the rules in force, in state for a restore that cannot read the topic")
                .isNotNull();
        harness.processBroadcastElement(ImmunityRules.standard().withVersion(6).toJson(), T0);
        harness.processElement(calls(call("e2", OTHER_OPERATOR, Ingress.INTERCONNECT)), T0);

        assertThat(verdicts())
                .extracting(ImmunityDecision::reason)
                .containsExactly(DecisionReason.UNALLOCATED_NUMBER, null);
    }

    @Test
    void aCallCarriesItsOutcomeAndThePseudonymsOfTheNumbersBelowAndAboveTheCallee()
            throws Exception {
        CallEvent answered =
                new CallEvent(
                        "e1",
                        T0,
                        "call-e1",
                        OTHER_OPERATOR,
                        "+79580012340",
                        Ingress.INTERCONNECT,
                        T0,
                        T0 + 5_000,
                        T0 + 8_000,
                        ReleaseCause.NORMAL,
                        null,
                        null);

        harness.processElement(calls(answered), T0);

        CallerSignal signal = harness.extractOutputValues().get(0);
        assertThat(signal.caller()).isEqualTo(pseudonym(OTHER_OPERATOR));
        assertThat(signal.time()).isEqualTo(T0);
        assertThat(signal.call().answered()).isTrue();
        assertThat(signal.call().talkMillis()).isEqualTo(3_000);
        assertThat(signal.call().callee()).isEqualTo(pseudonym("+79580012340"));
        assertThat(signal.call().calleeBefore()).isEqualTo(pseudonym("+79580012339"));
        assertThat(signal.call().calleeAfter()).isEqualTo(pseudonym("+79580012341"));
    }

    @Test
    void aComplaintAboutACallCountsAgainstTheNumberItNames() throws Exception {
        ComplaintEvent spam =
                new ComplaintEvent(
                        "c1",
                        T0,
                        OUR_NUMBER,
                        ComplaintCategory.SPAM_CALL,
                        Channel.MOBILE_APP,
                        OTHER_OPERATOR);
        ComplaintEvent billing =
                new ComplaintEvent(
                        "c2", T0, OUR_NUMBER, ComplaintCategory.BILLING, Channel.USSD, null);

        harness.processElement(complaints(spam), T0);
        harness.processElement(complaints(billing), T0);

        assertThat(harness.extractOutputValues())
                .containsExactly(CallerSignal.ofComplaint(pseudonym(OTHER_OPERATOR), T0));
    }

    @Test
    void theFraudPatternsGetOurSubscribersCallsSwapsAndBankEventsPseudonymised() throws Exception {
        harness.processElement(calls(call("e1", OTHER_OPERATOR, Ingress.INTERCONNECT)), T0);
        harness.processElement(network(SampleEvents.simSwap()), T0);
        harness.processElement(
                new SourceRecord(
                        Topics.BANK_TRANSACTIONS,
                        serialise(SampleEvents.transfer()),
                        SampleEvents.transfer().eventTime()),
                T0);
        harness.processElement(
                new SourceRecord(Topics.BANK_SESSIONS, "{".getBytes(StandardCharsets.UTF_8), T0),
                T0);

        List<SubscriberEvent> events = sideOutput(CallerIdScreening.FRAUD_EVENTS);
        // The caller is another operator's: only the callee, ours, has a received call.
        assertThat(events)
                .extracting(SubscriberEvent::kind)
                .containsExactly(
                        SubscriberEvent.Kind.INBOUND_CALL,
                        SubscriberEvent.Kind.SIM_SWAP,
                        SubscriberEvent.Kind.TRANSFER_TO_NEW_BENEFICIARY);
        assertThat(events.get(0).subscriber()).isEqualTo(pseudonym(OUR_NUMBER));
        assertThat(events.get(0).counterpart()).isEqualTo(pseudonym(OTHER_OPERATOR));
        assertThat(events.get(2).customer()).startsWith("k1.");
        assertThat(events.toString()).doesNotContain(OUR_NUMBER.substring(1));
    }

    @Test
    void aWithheldCallerIsAllowedHereAndOnlyPassesThroughTheReputationLayer() throws Exception {
        harness.processElement(calls(call("e1", null, Ingress.INTERNATIONAL)), T0);

        assertThat(sideOutput(CallerIdScreening.ROAMING_CHECKS)).isEmpty();
        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(s -> assertThat(s.isVerdictOnly()).isTrue());
        List<ImmunityDecision> withheld = verdicts();
        assertThat(withheld)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.decisionId()).isEqualTo("e1/caller-id");
                            assertThat(d.action()).isEqualTo(CallAction.ALLOW);
                            assertThat(d.reason()).isNull();
                            assertThat(d.caller()).isNull();
                            assertThat(d.callerCategory()).isEqualTo(NumberCategory.WITHHELD);
                            assertThat(d.callee()).isEqualTo(pseudonym(OUR_NUMBER));
                        });
        // Our callee still received a call, from nobody it can know: the fraud patterns see it.
        assertThat(sideOutput(CallerIdScreening.FRAUD_EVENTS))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.kind()).isEqualTo(SubscriberEvent.Kind.INBOUND_CALL);
                            assertThat(e.counterpart()).isNull();
                        });
        assertThat(ImmunityDecision.fromJson(withheld.get(0).toJson())).isEqualTo(withheld.get(0));
    }

    private BroadcastOperatorTestHarness<SourceRecord, byte[], CallerSignal> harness(
            OperatorSubtaskState restoreFrom) throws Exception {
        return harness(restoreFrom, null);
    }

    private BroadcastOperatorTestHarness<SourceRecord, byte[], CallerSignal> harness(
            OperatorSubtaskState restoreFrom, byte[] rulesAtStart) throws Exception {
        BroadcastOperatorTestHarness<SourceRecord, byte[], CallerSignal> h =
                new BroadcastOperatorTestHarness<>(
                        new CoBroadcastWithNonKeyedOperator<>(
                                new CallerIdScreening(keyFile, rulesAtStart),
                                List.of(CallerIdScreening.RULES_STATE)),
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

    private <T> List<T> sideOutput(OutputTag<T> tag) {
        ConcurrentLinkedQueue<StreamRecord<T>> records = harness.getSideOutput(tag);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private static ImmunityRules rulesWithout(String prefix, long version) throws Exception {
        List<NumberRange> ranges =
                NumberingPlan.standard().ranges().stream()
                        .filter(r -> !r.prefix().startsWith(prefix))
                        .toList();
        return ImmunityRules.of(version, new NumberingPlan(ranges));
    }

    private static String pseudonym(String number) {
        return pseudonymiser.pseudonymise(IdentifierKind.MSISDN, number);
    }

    private static CallEvent call(String eventId, String caller, Ingress ingress) {
        return new CallEvent(
                eventId,
                T0,
                "call-" + eventId,
                caller,
                OUR_NUMBER,
                ingress,
                T0,
                null,
                T0 + 20_000,
                ReleaseCause.NO_ANSWER,
                null,
                null);
    }

    private static NetworkEvent network(String eventId, NetworkEventType type, int mcc) {
        return SampleEvents.networkSighting(eventId, T0, type, OUR_NUMBER, mcc);
    }

    private static final long SESSION_END = T0 - 60_000;

    private static DataSessionEvent session(String eventId, String msisdn, Integer visitedMcc) {
        return new DataSessionEvent(
                eventId,
                T0,
                msisdn,
                null,
                T0 - 10 * 60_000,
                SESSION_END,
                2_000,
                40_000,
                RadioAccess.LTE,
                null,
                visitedMcc);
    }

    private static SourceRecord data(DataSessionEvent event) {
        return new SourceRecord(Topics.TELCO_DATA, serialise(event), event.eventTime());
    }

    private static SourceRecord callsJson(String json) {
        return new SourceRecord(
                Topics.TELCO_CALLS, json.getBytes(StandardCharsets.UTF_8), EventTimes.UNKNOWN);
    }

    private static String serialiseToString(CallEvent event) {
        return InputTopics.CALLS.serialiseToString(event);
    }

    private static SourceRecord calls(CallEvent event) {
        return new SourceRecord(Topics.TELCO_CALLS, serialise(event), event.eventTime());
    }

    private static SourceRecord complaints(ComplaintEvent event) {
        return new SourceRecord(Topics.TELCO_COMPLAINTS, serialise(event), event.eventTime());
    }

    private static SourceRecord network(NetworkEvent event) {
        return new SourceRecord(Topics.TELCO_NETWORK, serialise(event), event.eventTime());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Record & InputEvent> byte[] serialise(InputEvent event) {
        T typed = (T) event;
        return InputTopics.of(typed).serialise(typed);
    }

    /** The caller-id verdicts on the calls screened so far, in order. */
    private List<ImmunityDecision> verdicts() {
        return harness.extractOutputValues().stream()
                .filter(signal -> !signal.isComplaint())
                .map(CallerSignal::callerIdVerdict)
                .toList();
    }
}
