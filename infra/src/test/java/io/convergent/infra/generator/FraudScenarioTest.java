package io.convergent.infra.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.BankSessionEvent;
import io.convergent.common.event.BankSessionType;
import io.convergent.common.event.BankTransactionEvent;
import io.convergent.common.event.BankTransactionType;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.risk.RiskReason;
import io.convergent.common.risk.TransferAssessment;
import io.convergent.common.risk.TransferRisk;
import io.convergent.common.state.SubscriberState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The labelled fraud chains appear in the right order and time windows. */
class FraudScenarioTest {

    private final ScenarioRun run = ScenarioRun.standard();
    private final Map<String, InputEvent> byId = run.eventsById();

    @Test
    void simSwapTakeoverIsSwapThenNewDeviceLoginThenNewBeneficiaryTransfer() {
        List<Map<String, String>> takeovers = fraudTransfers("SIM_SWAP_TAKEOVER");
        assertThat(takeovers).hasSizeGreaterThan(10);
        List<BankSessionEvent> sessions = run.events(BankSessionEvent.class);
        for (Map<String, String> row : takeovers) {
            BankTransactionEvent transfer = (BankTransactionEvent) byId.get(row.get("event_id"));
            NetworkEvent swap = (NetworkEvent) byId.get(row.get("lead_event_id"));
            assertThat(swap.type()).isEqualTo(NetworkEventType.SIM_SWAP);
            assertThat(swap.msisdn()).isEqualTo(transfer.msisdn());
            assertThat(swap.imsi()).isNotEqualTo(swap.previousImsi());
            assertThat(transfer.type()).isEqualTo(BankTransactionType.TRANSFER);
            assertThat(transfer.beneficiaryNew()).isTrue();
            assertThat(transfer.eventTime() - swap.eventTime())
                    .isPositive()
                    .isLessThanOrEqualTo(SimSwapTakeover.WINDOW);
            boolean newDeviceLogin =
                    sessions.stream()
                            .anyMatch(
                                    s ->
                                            s.msisdn().equals(transfer.msisdn())
                                                    && s.type() == BankSessionType.LOGIN
                                                    && s.newDevice()
                                                    && s.eventTime() > swap.eventTime()
                                                    && s.eventTime() < transfer.eventTime());
            assertThat(newDeviceLogin).as("new-device login between swap and transfer").isTrue();
        }
        Set<String> fraudulentSwaps =
                run.truth("sim_swaps.csv").stream()
                        .filter(r -> r.get("fraudulent").equals("true"))
                        .map(r -> r.get("event_id"))
                        .collect(Collectors.toSet());
        assertThat(takeovers).allMatch(r -> fraudulentSwaps.contains(r.get("lead_event_id")));
    }

    @Test
    void genuineSimSwapsAreNotFollowedByFraudulentTransfers() {
        List<Map<String, String>> genuine =
                run.truth("sim_swaps.csv").stream()
                        .filter(r -> r.get("fraudulent").equals("false"))
                        .toList();
        assertThat(genuine).hasSizeGreaterThan(10);
        Set<String> leads =
                run.truth("fraud_transfers.csv").stream()
                        .map(r -> r.get("lead_event_id"))
                        .collect(Collectors.toSet());
        for (Map<String, String> row : genuine) {
            NetworkEvent swap = (NetworkEvent) byId.get(row.get("event_id"));
            assertThat(swap.type()).isEqualTo(NetworkEventType.SIM_SWAP);
            assertThat(leads).doesNotContain(swap.eventId());
        }
        // The look-alike: some genuine swaps are followed by a login from a new device.
        long withNewDevice =
                genuine.stream()
                        .map(r -> (NetworkEvent) byId.get(r.get("event_id")))
                        .filter(
                                swap ->
                                        run.events(BankSessionEvent.class).stream()
                                                .anyMatch(
                                                        s ->
                                                                s.msisdn().equals(swap.msisdn())
                                                                        && s.newDevice()
                                                                        && s.eventTime()
                                                                                > swap.eventTime()
                                                                        && s.eventTime()
                                                                                < swap.eventTime()
                                                                                        + 5
                                                                                                * Times
                                                                                                        .HOUR))
                        .count();
        assertThat(withNewDevice).isPositive();
    }

    @Test
    void socialEngineeringIsALongCallThenATransferToANewBeneficiaryWithinTheHour() {
        List<Map<String, String>> cases = fraudTransfers("SOCIAL_ENGINEERING");
        assertThat(cases).hasSizeGreaterThan(20);
        Set<String> seCalls =
                run.truth("social_engineering_calls.csv").stream()
                        .map(r -> r.get("event_id"))
                        .collect(Collectors.toSet());
        for (Map<String, String> row : cases) {
            BankTransactionEvent transfer = (BankTransactionEvent) byId.get(row.get("event_id"));
            CallEvent call = (CallEvent) byId.get(row.get("lead_event_id"));
            assertThat(seCalls).contains(call.eventId());
            assertThat(call.calledNumber()).isEqualTo(transfer.msisdn());
            assertThat(call.answered()).isTrue();
            assertThat(call.talkMillis()).isBetween(10 * Times.MINUTE, 40 * Times.MINUTE);
            assertThat(transfer.beneficiaryNew()).isTrue();
            assertThat(transfer.eventTime()).isGreaterThan(call.answerTime());
            assertThat(transfer.eventTime())
                    .isLessThanOrEqualTo(
                            call.endTime() + SocialEngineeringScenario.TRANSFER_WITHIN);
        }
    }

    /**
     * The scam indicator a bank buys from the operator, on the stream as a switch writes it: the
     * call's record comes only when the call ends, so a transfer made during the call finds the
     * victim on it only through the switch's answer signal.
     */
    @Test
    void aTransferMadeDuringTheFakeOfficersCallFindsTheVictimOnAStrangersCall() {
        Map<String, String> callOfTransfer = new java.util.HashMap<>();
        for (Map<String, String> row : fraudTransfers("SOCIAL_ENGINEERING")) {
            BankTransactionEvent transfer = (BankTransactionEvent) byId.get(row.get("event_id"));
            CallEvent call = (CallEvent) byId.get(row.get("lead_event_id"));
            if (transfer.eventTime() < call.endTime()) {
                callOfTransfer.put(transfer.eventId(), call.eventId());
            }
        }
        assertThat(callOfTransfer).hasSizeGreaterThan(5);
        Map<String, SubscriberState> victims = new java.util.HashMap<>();
        callOfTransfer.keySet().stream()
                .map(id -> ((BankTransactionEvent) byId.get(id)).msisdn())
                .forEach(msisdn -> victims.put(msisdn, new SubscriberState(msisdn)));
        TransferRisk risk = TransferRisk.standard();
        int onCall = 0;
        Set<String> recordsSeen = new java.util.HashSet<>();
        for (InputEvent event : run.events) {
            if (event instanceof BankTransactionEvent transfer
                    && callOfTransfer.containsKey(transfer.eventId())) {
                // The call's record has not come yet: only the signal can tell.
                assertThat(recordsSeen).doesNotContain(callOfTransfer.get(transfer.eventId()));
                TransferAssessment assessment =
                        risk.assess(
                                victims.get(transfer.msisdn()),
                                true,
                                number -> false,
                                transfer.eventTime());
                assertThat(assessment.reasons())
                        .extracting(RiskReason::code)
                        .as(
                                "reasons for transfer %s at %d, state %s",
                                transfer.eventId(),
                                transfer.eventTime(),
                                new String(victims.get(transfer.msisdn()).toJson()))
                        .contains("ON_CALL_WITH_UNKNOWN_NUMBER");
                onCall++;
            }
            if (event instanceof CallEvent call) {
                recordsSeen.add(call.eventId());
                for (String party : new String[] {call.callingNumber(), call.calledNumber()}) {
                    SubscriberState victim = party == null ? null : victims.get(party);
                    if (victim != null) {
                        victim.apply(call);
                    }
                }
            } else if (event instanceof NetworkEvent network
                    && victims.containsKey(network.msisdn())) {
                victims.get(network.msisdn()).apply(network);
            }
        }
        assertThat(onCall).isEqualTo(callOfTransfer.size());
    }

    @Test
    void theSocialEngineeringCallerIsNeverOneOfTheVictimsContacts() {
        Population population = run.population();
        Map<String, Subscriber> byNumber = new java.util.HashMap<>();
        for (int i = 0; i < population.size(); i++) {
            byNumber.put(population.subscriber(i).msisdn, population.subscriber(i));
        }
        for (Map<String, String> row : fraudTransfers("SOCIAL_ENGINEERING")) {
            CallEvent call = (CallEvent) byId.get(row.get("lead_event_id"));
            Subscriber victim = byNumber.get(call.calledNumber());
            for (int contact : victim.externalContacts) {
                assertThat(population.externalNumber(contact)).isNotEqualTo(call.callingNumber());
            }
            for (int contact : victim.ourContacts) {
                assertThat(population.subscriber(contact).msisdn)
                        .isNotEqualTo(call.callingNumber());
            }
        }
    }

    @Test
    void legitimateTransfersToNewBeneficiariesExistToo() {
        Set<String> fraud =
                run.truth("fraud_transfers.csv").stream()
                        .map(r -> r.get("event_id"))
                        .collect(Collectors.toSet());
        long legitimateNew =
                run.events(BankTransactionEvent.class).stream()
                        .filter(t -> t.type() == BankTransactionType.TRANSFER)
                        .filter(t -> Boolean.TRUE.equals(t.beneficiaryNew()))
                        .filter(t -> !fraud.contains(t.eventId()))
                        .count();
        assertThat(legitimateNew).isGreaterThan(fraud.size() / 2);
    }

    private List<Map<String, String>> fraudTransfers(String scenario) {
        return run.truth("fraud_transfers.csv").stream()
                .filter(r -> r.get("scenario").equals(scenario))
                .toList();
    }
}
