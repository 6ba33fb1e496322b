package io.convergent.common.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.event.CallEvent;
import io.convergent.common.event.Ingress;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.event.ReleaseCause;
import io.convergent.common.event.SmsEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SubscriberStateTest {

    static final String ME = "k1.AAAAAAAAAAAAAAAAAAAAAA";
    static final String FRIEND = "k1.BBBBBBBBBBBBBBBBBBBBBB";
    static final String STRANGER = "k1.CCCCCCCCCCCCCCCCCCCCCC";
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
        assertThat(dialled.callWithStranger()).isFalse();

        // "900" calling in may be forged: it counts as a stranger unless dialled lately.
        SubscriberState called = new SubscriberState(ME);
        called.apply(call("svc:900", ME, T, T + 20 * MINUTE));
        assertThat(called.callWithStranger()).isTrue();
    }

    static NetworkEvent network(NetworkEventType type, long at, Integer mcc) {
        return new NetworkEvent(
                "n" + at + type,
                at,
                type,
                ME,
                null,
                null,
                null,
                null,
                mcc,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void aCallFromANumberNeverInContactIsWithAStranger() {
        SubscriberState state = new SubscriberState(ME);
        assertThat(state.apply(call(STRANGER, ME, T, T + 20 * MINUTE))).isTrue();
        assertThat(state.onCallAt(T + 12 * MINUTE)).isTrue();
        assertThat(state.onCallAt(T + 21 * MINUTE)).isFalse();
        assertThat(state.callWithStranger()).isTrue();
        assertThat(state.callIncoming).isTrue();
        assertThat(state.callCounterpart).isEqualTo(STRANGER);
    }

    static NetworkEvent answered(String counterpart, boolean incoming, long at) {
        return new NetworkEvent(
                "a" + at,
                at,
                NetworkEventType.CALL_ANSWERED,
                ME,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                counterpart,
                incoming);
    }

    @Test
    void theSwitchsAnswerSignalPutsTheSubscriberOnTheCallUntilItsRecordSaysItEnded() {
        SubscriberState state = new SubscriberState(ME);
        assertThat(state.apply(answered(STRANGER, true, T))).isTrue();
        // The record is written at release; until then the signal alone says "on a call".
        assertThat(state.onCallAt(T + 25 * MINUTE)).isTrue();
        assertThat(state.callWithStranger()).isTrue();
        assertThat(state.callIncoming).isTrue();
        assertThat(state.callCounterpart).isEqualTo(STRANGER);

        // Its record, whose answer another part of the network stamped two seconds earlier,
        // ends the call.
        assertThat(state.apply(call(STRANGER, ME, T - 2_000, T + 20 * MINUTE))).isTrue();
        assertThat(state.onCallAt(T + 19 * MINUTE)).isTrue();
        assertThat(state.onCallAt(T + 21 * MINUTE)).isFalse();
        assertThat(state.callAnsweredAt).isEqualTo(T - 2_000);
        assertThat(state.callWithStranger()).isTrue();
    }

    @Test
    void aSignalAfterItsOwnRecordChangesNothing() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(call(STRANGER, ME, T, T + 20 * MINUTE));
        assertThat(state.apply(answered(STRANGER, true, T - 1_000))).isFalse();
        assertThat(state.apply(answered(STRANGER, true, T + 2_000))).isFalse();
        assertThat(state.callEndsAt).isEqualTo(T + 20 * MINUTE);
        assertThat(state.onCallAt(T + 21 * MINUTE)).isFalse();
    }

    @Test
    void aSignalledCallWhoseRecordNeverComesIsPresumedOverAfterFourHours() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(answered(null, true, T));
        assertThat(state.onCallAt(T + 3 * 60 * MINUTE)).isTrue();
        assertThat(state.onCallAt(T + 4 * 60 * MINUTE)).isFalse();
        assertThat(state.callWithStranger()).isTrue();
    }

    @Test
    void aSignalOfAnotherCallOrAnOlderOneIsToldApart() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(call(STRANGER, ME, T, T + 20 * MINUTE));
        // The same number again after the first call ended: a new call.
        assertThat(state.apply(answered(STRANGER, true, T + 30 * MINUTE))).isTrue();
        assertThat(state.onCallAt(T + 60 * MINUTE)).isTrue();
        // The stranger is a contact now: they talked.
        assertThat(state.callWithStranger()).isFalse();
        // A signal of a call answered before the one held is old news.
        assertThat(state.apply(answered(FRIEND, false, T + 10 * MINUTE))).isFalse();
        assertThat(state.callAnsweredAt).isEqualTo(T + 30 * MINUTE);
        // The first call's record changes nothing about the second call.
        assertThat(state.apply(call(STRANGER, ME, T, T + 20 * MINUTE))).isFalse();
        assertThat(state.onCallAt(T + 60 * MINUTE)).isTrue();
    }

    @Test
    void aCallWithAContactDuringAStrangersCallDoesNotHideTheStranger() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(call(ME, FRIEND, T - 60 * MINUTE, T - 55 * MINUTE));
        state.apply(answered(STRANGER, true, T));
        // The victim rings a friend while the fake officer holds the line.
        assertThat(state.apply(call(ME, FRIEND, T + 5 * MINUTE, T + 8 * MINUTE))).isFalse();
        assertThat(state.apply(answered(FRIEND, false, T + 10 * MINUTE))).isFalse();
        assertThat(state.onCallAt(T + 12 * MINUTE)).isTrue();
        assertThat(state.callWithStranger()).isTrue();
        assertThat(state.callCounterpart).isEqualTo(STRANGER);
        // Once the stranger's call has ended, a call with a friend is the last call again.
        state.apply(call(STRANGER, ME, T, T + 15 * MINUTE));
        assertThat(state.apply(call(ME, FRIEND, T + 20 * MINUTE, T + 25 * MINUTE))).isTrue();
        assertThat(state.callWithStranger()).isFalse();
        // Another stranger's call takes the place of the first.
        state.apply(answered(STRANGER, true, T + 30 * MINUTE));
        assertThat(state.apply(answered(null, true, T + 31 * MINUTE))).isTrue();
        assertThat(state.callCounterpart).isNull();
    }

    @Test
    void aSignalledCallTheSubscriberPlacedToTheBanksNumberIsNoCallWithAStranger() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(answered("svc:900", false, T));
        assertThat(state.onCallAt(T + MINUTE)).isTrue();
        assertThat(state.callWithStranger()).isFalse();
    }

    @Test
    void aNumberTheSubscriberDialledOrTextedIsKnownAfterwards() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(call(ME, FRIEND, T, T + MINUTE));
        state.apply(new SmsEvent("s1", T, ME, STRANGER, Ingress.ON_NET, 1, null));
        state.apply(call(FRIEND, ME, T + 10 * MINUTE, T + 15 * MINUTE));
        assertThat(state.callWithStranger()).isFalse();
        state.apply(call(STRANGER, ME, T + 20 * MINUTE, T + 25 * MINUTE));
        assertThat(state.callWithStranger()).isFalse();
    }

    @Test
    void aWithheldCallerIsAStranger() {
        SubscriberState state = new SubscriberState(ME);
        state.apply(call(null, ME, T, T + MINUTE));
        assertThat(state.callWithStranger()).isTrue();
        assertThat(state.callCounterpart).isNull();
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
        assertThat(state.apply(call(FRIEND, ME, T - 10 * MINUTE, T - 5 * MINUTE))).isFalse();
        assertThat(state.callCounterpart).isEqualTo(STRANGER);
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
        assertThat(back.callCounterpart).isEqualTo(STRANGER);
        assertThat(back.callWithStranger()).isTrue();
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
