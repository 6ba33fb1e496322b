package io.convergent.infra.generator;

import io.convergent.common.event.BankProduct;
import io.convergent.common.event.BankProductEventType;
import io.convergent.common.event.BillingProduct;
import io.convergent.common.event.Channel;
import java.util.SplittableRandom;

/**
 * Trips abroad as the network and the bank see them: registration in a foreign network ({@code
 * ROAMING_ENTRY} with the visited MCC), often a roaming package bought in the hours around it,
 * sometimes travel insurance the day of departure, and the return ({@code ROAMING_EXIT}, then a
 * home location update). While abroad, the everyday events follow the trip: calls home arrive over
 * the international gateway, data sessions carry the visited MCC.
 */
final class RoamingScenario {

    private RoamingScenario() {}

    static void plan(SubscriberDay d) {
        Trip trip = d.day.population.trips().tripAround(d.subscriber, d.day.epochDay);
        if (trip == null) {
            return;
        }
        SplittableRandom rng = d.rng;
        Subscriber s = d.subscriber;
        SubscriberState state = d.day.state;
        if (d.day.inDay(trip.entryTime())) {
            long entry = trip.entryTime();
            if (s.banksWithUs() && Randoms.chance(rng, 0.12)) {
                long bought = d.day.clamp(entry - rng.nextLong(Times.HOUR, 10 * Times.HOUR));
                d.add(
                        Events.product(
                                d.nextId(),
                                bought,
                                BankProductEventType.OPENED,
                                s,
                                BankProduct.INSURANCE,
                                Channel.MOBILE_APP));
            }
            d.add(
                    Events.roamingEntry(
                            d.nextId(),
                            entry,
                            s.msisdn,
                            state.imsiAt(d.index(), entry),
                            trip.country().mcc(),
                            trip.visitedMnc()));
            if (Randoms.chance(rng, 0.6)) {
                // Some buy at the airport before boarding, most on landing when the SMS arrives.
                long bought = d.day.clamp(entry + rng.nextLong(-5 * Times.HOUR, 3 * Times.HOUR));
                BillingModel.purchase(
                        d,
                        bought,
                        BillingProduct.ROAMING_PACKAGE,
                        50_000 + 10_000 * rng.nextLong(26));
            }
        }
        if (d.day.inDay(trip.exitTime())) {
            long exit = trip.exitTime();
            String imsi = state.imsiAt(d.index(), exit);
            d.add(Events.roamingExit(d.nextId(), exit, s.msisdn, imsi));
            long back = d.day.clamp(exit + rng.nextLong(Times.MINUTE, 10 * Times.MINUTE));
            d.add(
                    Events.locationUpdate(
                            d.nextId(),
                            back,
                            s.msisdn,
                            imsi,
                            Events.HOME_MCC,
                            Events.HOME_MNC,
                            s.homeCell));
        }
    }
}
