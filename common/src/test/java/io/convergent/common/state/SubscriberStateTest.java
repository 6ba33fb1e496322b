package io.convergent.common.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.event.CallEvent;
import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.Ingress;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.event.RadioAccess;
import io.convergent.common.event.ReleaseCause;
import io.convergent.common.event.SmsEvent;
import io.convergent.common.testing.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriberStateTest {

    static final String ME = "k1.AAAAAAAAAAAAAAAAAAAAAA";
    static final String FRIEND = "k1.BBBBBBBBBBBBBBBBBBBBBB";
    static final String STRANGER = "k1.CCCCCCCCCCCCCCCCCCCCCC";
    static final String SPAMMER = "k1.DDDDDDDDDDDDDDDDDDDDDD";
    static final long T = 1_790_000_000_000L;
    static final long MINUTE = 60_000;

    static CallEvent call(String from, String to, long answeredAt, long endsAt) {
        return new CallEvent(
                "c" + answeredAt,
                answeredAt - 5_000,
                "c" + answeredAt,
                from,
                to,
                Ingress.ON_NET,
                answeredAt - 5_000,
                answeredAt,
                endsAt,
                ReleaseCause.NORMAL,
                null,
                null);
    }

    @Test
    void aCallToTheBanksShortNumberIsNoCallWithAStrangerButACallFromItIs() {
        SubscriberState dialled = new SubscriberState(ME);
        dialled.apply(call(ME, "svc:900", T, T + 20 * MINUTE));
        assertThat(dialled.onCallAt(T + MINUTE)).isTrue();
        assertThat(last(dialled).withStranger()).isFalse();

        // "900" calling in may be forged: it counts as a stranger, even right after a call to it.
        SubscriberState called = new SubscriberState(ME);
        called.apply(call(ME, "svc:900", T - 60 * MINUTE, T - 50 * MINUTE));
        called.apply(call("svc:900", ME, T, T + 20 * MINUTE));
        assertThat(last(called).withStranger()).isTrue();
    }

    static DataSessionEvent dataSession(long start, Integer visitedMcc) {
        return dataSession(ME, start, visitedMcc);
    }

    static DataSessionEvent dataSession(String msisdn, long start, Integer visitedMcc) {
        return new DataSessionEvent(
                "d" + start + msisdn,
                start + MINUTE,
                msisdn,
                null,
                start,
                start + MINUTE,
                1_000,
                50_000,
                RadioAccess.LTE,
                null,
                visitedMcc);
    }

    static NetworkEvent network(NetworkEventType type, long at, Integer mcc) {
        return SampleEvents.networkSighting("n" + at + type, at, type, ME, mcc);
    }

    @Test
    void aCallFromANumberNeverInContactIsWithAStranger() {
        SubscriberState state = new SubscriberState(ME);
        assertThat(state.apply(call(STRANGER, ME, T, T + 20 * MINUTE))).isTrue();
        assertThat(state.onCallAt(T + 12 * MINUTE)).isTrue();
        assertThat(state.onCallAt(T + 21 * MINUTE)).isFalse();
        assertThat(last(state).withStranger()).isTrue();
        assertThat(last(state).incoming).isTrue();
        assertThat(last(state).counterpart).isEqualTo(STRANGER);
    }

    static NetworkEvent answered(String counterpart, boolean incoming, long at) {
        return NetworkEvent.callAnswered("a" + at, at, ME, counterpart, incoming);
    }

    static AnsweredCall last(SubscriberState state) {
        return state.lastCall().orElseThrow();
    }

    static boolean onCallWithStrangerAt(SubscriberState state, long at) {
        return Arrays.stream(state.calls).anyMatch(c -> c.onAt(at) && c.withStranger());
    }

    @Test
    void theSwitchsAnswerSignalPutsTheSubscriberOnTheCallUntilItsRecordSaysItEnded() {
        SubscriberState state = new SubscriberState(ME);
        assertThat(state.apply(answered(STRANGER, true, T))).isTrue();
        // The record is written at release; until then the signal alone says "on a call".
        assertThat(onCallWithStrangerAt(state, T + 25 * MINUTE)).isTrue();
        assertThat(last(state).incoming).isTrue();
        assertThat(last(state).counterpart).isEqualTo(STRANGER);
        assertThat(last(state).endPresumed).isTrue();

        // Its record, whose answer another part of the network stamped 20 s later, ends it.
        assertThat(state.apply(call(STRANGER, ME, T + 20_000, T + 20 * MINUTE))).isTrue();
        assertThat(state.calls).hasSize(1);
        assertThat(onCallWithStrangerAt(state, T + 19 * MINUTE)).isTrue();
        assertThat(state.onCallAt(T + 21 * MINUTE)).isFalse();
        assertThat(last(state).answeredAt).isEqualTo(T + 20_000);
        assertThat(last(state).endPresumed).isFalse();
        // The stranger talked with the subscriber, but was a stranger when the call began.
        assertThat(last(state).withStranger()).isTrue();
    }

    @Test
    void aRecordReplayedFasterThanRealTimeStillEndsItsSignalledCall() {
        // The live generator keeps a call's length but not the time between records: the record
        // of a call signalled a second ago may say it was answered twenty minutes ago.
        SubscriberState state = new SubscriberState(ME);
        state.apply(answered(STRANGER, true, T));
        state.apply(call(STRANGER, ME, T - 20 * MINUTE, T + 1_000));
        assertThat(state.calls).hasSize(1);
        assertThat(state.onCallAt(T + 2_000)).isFalse();
    }

    @Test
    void aSignalAfterItsOwnRecordChangesNothing() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(call(STRANGER, ME, T, T + 20 * MINUTE));
        assertThat(state.apply(answered(STRANGER, true, T - 1_000))).isFalse();
        assertThat(state.apply(answered(STRANGER, true, T + 2 * MINUTE))).isFalse();
        assertThat(state.calls).hasSize(1);
        assertThat(last(state).endsAt).isEqualTo(T + 20 * MINUTE);
        assertThat(state.onCallAt(T + 21 * MINUTE)).isFalse();
    }

    @Test
    void aSignalledCallWhoseRecordNeverComesIsPresumedOverAfterFourHours() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(answered(null, true, T));
        assertThat(onCallWithStrangerAt(state, T + 3 * 60 * MINUTE)).isTrue();
        assertThat(state.onCallAt(T + 4 * 60 * MINUTE)).isFalse();
    }

    @Test
    void aSecondCallWithTheSamePartyEndsTheFirstWhoseRecordWasLost() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(answered(STRANGER, true, T));
        state.apply(answered(STRANGER, true, T + 60 * MINUTE));
        state.apply(call(STRANGER, ME, T + 60 * MINUTE, T + 70 * MINUTE));
        // One is not on two calls with one party at once: the first was over by the second.
        assertThat(state.onCallAt(T + 80 * MINUTE)).isFalse();
        assertThat(state.calls).hasSize(2);
        assertThat(state.calls[1].endPresumed).isFalse();
    }

    @Test
    void aCallTakenWhileAStrangerHoldsTheLineDoesNotHideTheStranger() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(call(ME, FRIEND, T - 60 * MINUTE, T - 55 * MINUTE));
        state.apply(answered(STRANGER, true, T));
        // The victim rings a friend, then a spammer calls in, while the fake officer holds.
        state.apply(call(ME, FRIEND, T + 5 * MINUTE, T + 8 * MINUTE));
        state.apply(answered(SPAMMER, true, T + 9 * MINUTE));
        state.apply(call(SPAMMER, ME, T + 9 * MINUTE, T + 10 * MINUTE));
        assertThat(onCallWithStrangerAt(state, T + 12 * MINUTE)).isTrue();
        assertThat(Arrays.stream(state.calls).filter(c -> c.onAt(T + 12 * MINUTE)))
                .extracting(c -> c.counterpart)
                .containsExactly(STRANGER);
        // The officer's record comes at last.
        state.apply(call(STRANGER, ME, T, T + 15 * MINUTE));
        assertThat(state.onCallAt(T + 16 * MINUTE)).isFalse();
    }

    @Test
    void twoWithheldCallersAreTwoCallsWhicheverComesFirst() {
        for (boolean recordFirst : new boolean[] {false, true}) {
            SubscriberState state = new SubscriberState(ME);
            state.apply(answered(null, true, T));
            NetworkEvent second = answered(null, true, T + 10 * MINUTE);
            CallEvent secondRecord = call(null, ME, T + 10 * MINUTE, T + 12 * MINUTE);
            state.apply(recordFirst ? secondRecord : second);
            state.apply(recordFirst ? second : secondRecord);
            assertThat(onCallWithStrangerAt(state, T + 20 * MINUTE))
                    .as(
                            "the first withheld caller still on the line, record first: %s",
                            recordFirst)
                    .isTrue();
            assertThat(state.calls).hasSize(2);
        }
    }

    @Test
    void theRealBanksCallBackDoesNotEndAForgedBankNumbersCall() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(answered("svc:900", true, T));
        state.apply(answered("svc:900", true, T + 10 * MINUTE));
        state.apply(call("svc:900", ME, T + 10 * MINUTE, T + 12 * MINUTE));
        assertThat(onCallWithStrangerAt(state, T + 20 * MINUTE)).isTrue();
    }

    @Test
    void aShortCallSignalledJustAfterItEndedIsOneCall() {
        for (boolean recordFirst : new boolean[] {false, true}) {
            SubscriberState state = new SubscriberState(ME);
            NetworkEvent signal = answered(STRANGER, true, T + 15_000);
            CallEvent record = call(STRANGER, ME, T, T + 10_000);
            state.apply(recordFirst ? record : signal);
            state.apply(recordFirst ? signal : record);
            assertThat(state.calls).as("record first: %s", recordFirst).hasSize(1);
            assertThat(state.onCallAt(T + MINUTE)).isFalse();
        }
    }

    @Test
    void theSameRecordAgainChangesNothing() {
        SubscriberState state = new SubscriberState(ME);
        assertThat(state.apply(call(STRANGER, ME, T, T + MINUTE))).isTrue();
        assertThat(state.apply(call(STRANGER, ME, T, T + MINUTE))).isFalse();
        assertThat(state.calls).hasSize(1);
    }

    @Test
    void aStrangerHoldingTheLineIsKeptWhileTheVictimTakesMoreCalls() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(answered(STRANGER, true, T));
        for (int i = 1; i <= SubscriberState.CALLS + 1; i++) {
            state.apply(call(ME, FRIEND, T + i * MINUTE, T + i * MINUTE + 30_000));
        }
        assertThat(state.calls).hasSize(SubscriberState.CALLS);
        assertThat(onCallWithStrangerAt(state, T + 10 * MINUTE)).isTrue();
    }

    @Test
    void signalsAndRecordsReadInAnyOrderGiveTheSameCalls() {
        List<InputEvent> events =
                List.of(
                        call(ME, FRIEND, T - 60 * MINUTE, T - 55 * MINUTE),
                        answered(STRANGER, true, T),
                        call(ME, FRIEND, T + 5 * MINUTE, T + 8 * MINUTE),
                        answered(FRIEND, false, T + 5 * MINUTE),
                        call(STRANGER, ME, T + 10_000, T + 15 * MINUTE));
        SubscriberState inOrder = new SubscriberState(ME);
        events.forEach(inOrder::apply);
        // Every order of the four events after the first (the first makes FRIEND a contact).
        for (List<InputEvent> order : permutations(events.subList(1, events.size()))) {
            SubscriberState state = new SubscriberState(ME);
            state.apply(events.get(0));
            order.forEach(state::apply);
            assertThat(state.calls)
                    .as("read in the order %s", order)
                    .containsExactly(inOrder.calls);
        }
        assertThat(inOrder.calls).hasSize(3);
        assertThat(inOrder.onCallAt(T + 16 * MINUTE)).isFalse();
    }

    static <T> List<List<T>> permutations(List<T> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<T>> all = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<T> rest = new ArrayList<>(items);
            T first = rest.remove(i);
            for (List<T> tail : permutations(rest)) {
                List<T> order = new ArrayList<>();
                order.add(first);
                order.addAll(tail);
                all.add(order);
            }
        }
        return all;
    }

    @Test
    void theLatestCallsAreKeptAndTheEarliestGivenUp() {
        SubscriberState state = new SubscriberState(ME);
        for (int i = 0; i < SubscriberState.CALLS + 2; i++) {
            state.apply(call(FRIEND, ME, T + i * 10 * MINUTE, T + i * 10 * MINUTE + MINUTE));
        }
        assertThat(state.calls).hasSize(SubscriberState.CALLS);
        assertThat(state.calls[0].answeredAt).isEqualTo(T + 20 * MINUTE);
        // A record older than every call held is old news.
        assertThat(state.apply(call(STRANGER, ME, T - MINUTE, T))).isFalse();
    }

    @Test
    void aSignalledCallTheSubscriberPlacedToTheBanksNumberIsNoCallWithAStranger() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(answered("svc:900", false, T));
        assertThat(state.onCallAt(T + MINUTE)).isTrue();
        assertThat(last(state).withStranger()).isFalse();
    }

    @Test
    void emptyOrMissingCallsInARecordAreNoCalls() {
        for (String calls : new String[] {"null", "[null]", "[]"}) {
            String json = "{\"format\":1,\"subscriber\":\"" + ME + "\",\"calls\":" + calls + "}";
            assertThat(SubscriberState.fromJson(json.getBytes(StandardCharsets.UTF_8)).calls)
                    .as(calls)
                    .isEmpty();
        }
    }

    @Test
    void aRecordPublishedBeforeTheListOfCallsKeepsItsCall() {
        String older =
                "{\"format\":1,\"subscriber\":\""
                        + ME
                        + "\",\"callCounterpart\":\""
                        + STRANGER
                        + "\",\"callIncoming\":true,\"callCounterpartKnown\":false,"
                        + "\"callAnsweredAt\":"
                        + T
                        + ",\"callEndsAt\":"
                        + (T + 20 * MINUTE)
                        + "}";
        SubscriberState state = SubscriberState.fromJson(older.getBytes(StandardCharsets.UTF_8));
        assertThat(state.calls)
                .containsExactly(
                        new AnsweredCall(STRANGER, true, false, T, T + 20 * MINUTE, false));
    }

    @Test
    void aNumberTheSubscriberDialledOrTextedIsKnownAfterwards() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(call(ME, FRIEND, T, T + MINUTE));
        state.apply(new SmsEvent("s1", T, ME, STRANGER, Ingress.ON_NET, 1, null));
        state.apply(call(FRIEND, ME, T + 10 * MINUTE, T + 15 * MINUTE));
        assertThat(last(state).withStranger()).isFalse();
        state.apply(call(STRANGER, ME, T + 20 * MINUTE, T + 25 * MINUTE));
        assertThat(last(state).withStranger()).isFalse();
    }

    @Test
    void aWithheldCallerIsAStranger() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(call(null, ME, T, T + MINUTE));
        assertThat(last(state).withStranger()).isTrue();
        assertThat(last(state).counterpart).isNull();
    }

    @Test
    void anOlderEventNeverOverwritesANewerOne() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(network(NetworkEventType.ROAMING_ENTRY, T, 262));
        assertThat(state.apply(network(NetworkEventType.ROAMING_EXIT, T - MINUTE, null))).isFalse();
        assertThat(state.roaming).isTrue();
        assertThat(state.roamingMcc).isEqualTo(262);
        state.apply(network(NetworkEventType.SIM_SWAP, T, null));
        assertThat(state.apply(network(NetworkEventType.SIM_SWAP, T - MINUTE, null))).isFalse();
        assertThat(state.lastSimSwapAt).isEqualTo(T);
        state.apply(call(STRANGER, ME, T, T + MINUTE));
        state.apply(call(FRIEND, ME, T - 10 * MINUTE, T - 5 * MINUTE));
        assertThat(last(state).counterpart).isEqualTo(STRANGER);
    }

    @Test
    void aDataSessionInAForeignNetworkIsRoamingFromItsStartButNotBeforeTheLastReturn() {
        SubscriberState state = new SubscriberState(ME);
        assertThat(state.apply(dataSession(T, null))).isFalse();
        assertThat(state.roaming).isFalse();

        assertThat(state.apply(dataSession(T + MINUTE, 262))).isTrue();
        assertThat(state.roaming).isTrue();
        assertThat(state.roamingMcc).isEqualTo(262);
        assertThat(state.roamingSince).isEqualTo(T + MINUTE);
        // More sessions in the same network change nothing; a session at home ends nothing.
        assertThat(state.apply(dataSession(T + 2 * MINUTE, 262))).isFalse();
        assertThat(state.apply(dataSession(T + 3 * MINUTE, null))).isFalse();
        assertThat(state.roaming).isTrue();

        state.apply(network(NetworkEventType.ROAMING_EXIT, T + 10 * MINUTE, null));
        // Begun before the return, read after it: from the stay that is over.
        assertThat(state.apply(dataSession(T + 9 * MINUTE, 262))).isFalse();
        assertThat(state.roaming).isFalse();
        // Another subscriber's session is none of this state's business.
        assertThat(state.apply(dataSession(FRIEND, T + 20 * MINUTE, 262))).isFalse();
        assertThat(state.roaming).isFalse();
    }

    @Test
    void locationUpdatesAtHomeEndRoamingAndForwardingFollowsItsSwitch() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(network(NetworkEventType.LOCATION_UPDATE, T, 262));
        assertThat(state.roaming).isTrue();
        assertThat(state.apply(network(NetworkEventType.LOCATION_UPDATE, T + MINUTE, 262)))
                .isFalse();
        state.apply(network(NetworkEventType.LOCATION_UPDATE, T + 2 * MINUTE, 250));
        assertThat(state.roaming).isFalse();
        assertThat(state.roamingSince).isEqualTo(T + 2 * MINUTE);
        state.apply(network(NetworkEventType.CALL_FORWARDING_ON, T, null));
        assertThat(state.forwardingActive).isTrue();
        state.apply(network(NetworkEventType.CALL_FORWARDING_OFF, T + MINUTE, null));
        assertThat(state.forwardingActive).isFalse();
    }

    @Test
    void theJsonRecordRoundTripsWithoutTheContacts() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(call(STRANGER, ME, T, T + MINUTE));
        state.apply(network(NetworkEventType.SIM_SWAP, T, null));
        byte[] json = state.toJson();
        assertThat(new String(json, StandardCharsets.UTF_8)).doesNotContain("contact");
        SubscriberState back = SubscriberState.fromJson(json);
        assertThat(back.lastSimSwapAt).isEqualTo(T);
        assertThat(last(back).counterpart).isEqualTo(STRANGER);
        assertThat(last(back).withStranger()).isTrue();
    }

    @Test
    void aRecordOfAnotherFormatIsRefusedWithItsFormat() {
        assertThatThrownBy(
                        () ->
                                SubscriberState.fromJson(
                                        "{\"format\":9,\"subscriber\":\"x\"}"
                                                .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("format 9");
        assertThatThrownBy(() -> SubscriberState.fromJson("{".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not readable JSON");
        // The reason is logged: it must not quote the payload, whatever the payload holds.
        assertThatThrownBy(
                        () ->
                                SubscriberState.fromJson(
                                        "{\"subscriber\":\"+79580012345\",\"roaming\":tru"
                                                .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not readable JSON")
                .hasMessageNotContaining("79580012345");
    }
}
