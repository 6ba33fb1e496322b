package io.convergent.common.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.BankTransactionEvent;
import io.convergent.common.event.BankTransactionType;
import io.convergent.common.event.BillingEvent;
import io.convergent.common.event.BillingEventType;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.Channel;
import io.convergent.common.event.Ingress;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.ReleaseCause;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DailyTilesTest {

    private static final long DAY = 20_412; // 2025-11-20
    private static final long NOON = DAY * 86_400_000L + 43_200_000L;
    private static final String ME = "k1.MEMEMEMEMEMEMEMEMEMEME";
    private static final String YOU = "k1.YOUYOUYOUYOUYOUYOUYOU";

    @Test
    void aCallCountsForBothSidesOnTheDayItStarted() {
        List<DailyTile> tiles = contributions(call(ME, YOU, NOON, 90));

        assertThat(tiles).extracting(t -> t.subscriber).containsExactly(ME, YOU);
        DailyTile caller = tiles.get(0);
        assertThat(caller.day).isEqualTo(DAY);
        assertThat(caller.callsOut).isEqualTo(1);
        assertThat(caller.callsOutAnswered).isEqualTo(1);
        assertThat(caller.callSecondsOut).isEqualTo(90);
        assertThat(caller.distinctCounterparts()).isEqualTo(1);
        DailyTile callee = tiles.get(1);
        assertThat(callee.callsIn).isEqualTo(1);
        assertThat(callee.callSecondsIn).isEqualTo(90);
        assertThat(callee.callsOut).isZero();
    }

    @Test
    void aShortNumberOrSenderNameGetsNoTileButCountsAsACounterpart() {
        assertThat(contributions(call(ME, "svc:900", NOON, 90)))
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.subscriber).isEqualTo(ME);
                            assertThat(t.callsOut).isEqualTo(1);
                            assertThat(t.distinctCounterparts()).isEqualTo(1);
                        });
        assertThat(contributions(call("svc:900", YOU, NOON, 90)))
                .extracting(t -> t.subscriber)
                .containsExactly(YOU);
    }

    @Test
    void aWithheldCallerCountsOnlyForTheCallee() {
        assertThat(contributions(call(null, YOU, NOON, 30)))
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.subscriber).isEqualTo(YOU);
                            assertThat(t.distinctCounterparts()).isZero();
                        });
    }

    @Test
    void theBalanceKeepsItsLowestReadingAndTopUpsAddUp() {
        DailyTile day = new DailyTile(ME, DAY);
        for (InputEvent event :
                List.of(
                        billing(BillingEventType.BALANCE, null, 5_000L),
                        billing(BillingEventType.TOP_UP, 30_000L, 35_000L),
                        billing(BillingEventType.BALANCE, null, 1_200L))) {
            contributions(event).forEach(day::merge);
        }

        assertThat(day.minBalanceMinor).isEqualTo(1_200);
        assertThat(day.topUps).isEqualTo(1);
        assertThat(day.topUpMinor).isEqualTo(30_000);
    }

    @Test
    void aTransferToANewBeneficiaryIsCountedAsOne() {
        DailyTile tile =
                contributions(
                                new BankTransactionEvent(
                                        "t1",
                                        NOON,
                                        BankTransactionType.TRANSFER,
                                        "k1.customer",
                                        ME,
                                        "k1.account",
                                        150_000,
                                        "RUB",
                                        Channel.MOBILE_APP,
                                        null,
                                        null,
                                        "k1.beneficiary",
                                        true))
                        .get(0);

        assertThat(tile.transfers).isEqualTo(1);
        assertThat(tile.transferMinor).isEqualTo(150_000);
        assertThat(tile.transfersToNewBeneficiary).isEqualTo(1);
    }

    @Test
    void anAmountInAnotherCurrencyCountsItsEventButAddsNoRoubles() {
        DailyTile day = new DailyTile(ME, DAY);
        for (String currency : List.of("RUB", "EUR", "JPY")) {
            contributions(
                            new BankTransactionEvent(
                                    "p-" + currency,
                                    NOON,
                                    BankTransactionType.CARD_PAYMENT,
                                    "k1.customer",
                                    ME,
                                    "k1.account",
                                    10_000,
                                    currency,
                                    Channel.MOBILE_APP,
                                    null,
                                    null,
                                    null,
                                    null))
                    .forEach(day::merge);
        }

        assertThat(day.cardPayments).isEqualTo(3);
        assertThat(day.cardPaymentMinor).isEqualTo(10_000);
    }

    @Test
    void theOrderEventsArriveInDoesNotChangeADaysTile() {
        List<InputEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(call(ME, "k1.friend-" + (i % 7), NOON + i * 60_000L, i * 10));
            events.add(call("k1.friend-" + (i % 5), ME, NOON + i * 61_000L, i));
            events.add(billing(BillingEventType.BALANCE, null, 10_000L - i * 13));
        }
        Map<String, DailyTile> inOrder = fold(events);
        Collections.shuffle(events, new Random(7));

        assertThat(fold(events)).isEqualTo(inOrder);
        assertThat(inOrder.get(ME).callsOut).isEqualTo(40);
        assertThat(inOrder.get(ME).distinctCounterparts()).isEqualTo(7);
    }

    private static Map<String, DailyTile> fold(List<InputEvent> events) {
        Map<String, DailyTile> tiles = new HashMap<>();
        for (InputEvent event : events) {
            DailyTiles.contributions(
                    event,
                    t ->
                            tiles.computeIfAbsent(t.subscriber, s -> new DailyTile(s, t.day))
                                    .merge(t));
        }
        return tiles;
    }

    private static List<DailyTile> contributions(InputEvent event) {
        List<DailyTile> tiles = new ArrayList<>();
        DailyTiles.contributions(event, tiles::add);
        return tiles;
    }

    private static CallEvent call(String caller, String callee, long start, int talkSeconds) {
        return new CallEvent(
                "c-" + start + "-" + callee,
                start,
                "call-" + start,
                caller,
                callee,
                Ingress.ON_NET,
                start,
                start + 5_000,
                start + 5_000 + talkSeconds * 1000L,
                ReleaseCause.NORMAL,
                null,
                null);
    }

    private static BillingEvent billing(BillingEventType type, Long amount, Long balance) {
        return new BillingEvent(
                "b-" + type + amount + balance, NOON, type, ME, amount, balance, "RUB", null, null);
    }
}
