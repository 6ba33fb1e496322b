package io.convergent.infra.generator;

import io.convergent.common.event.BankSessionType;
import io.convergent.common.event.Channel;
import java.util.SplittableRandom;

/**
 * Account takeover through the phone number: a fraudster has the victim's number moved to a new SIM
 * ({@code SIM_SWAP}), often puts it in their own handset ({@code DEVICE_CHANGE}), receives the
 * bank's one-time codes, logs in to the bank from a device never seen for the customer (after a
 * failed attempt or two) and transfers money to a new beneficiary. The chain takes at most about
 * two and a half hours; the swap leads the truth record of the transfer.
 */
final class SimSwapTakeover {

    /** From the swap to the transfer, at most. */
    static final long WINDOW = 3 * Times.HOUR;

    private SimSwapTakeover() {}

    static void plan(SubscriberDay d) {
        SplittableRandom rng = d.rng;
        Subscriber s = d.subscriber;
        SubscriberState state = d.day.state;
        SyntheticNumbers numbers = d.day.population.numbers();
        int i = d.index();

        long swapTime = d.day.scenarioStart(rng, d.utcOffset(), 8, 21, WINDOW);
        String oldImsi = state.currentImsi(i);
        String newImsi = state.swapSim(i, swapTime);
        String swapId = d.nextId();
        d.add(
                Events.simSwap(
                        swapId,
                        swapTime,
                        s.msisdn,
                        newImsi,
                        oldImsi,
                        s.region.cell(rng.nextInt(1_000, 100_000))),
                new Label.SimSwap(true));
        if (Randoms.chance(rng, 0.5)) {
            long changed = swapTime + rng.nextLong(2 * Times.MINUTE, 15 * Times.MINUTE);
            d.add(
                    Events.deviceChange(
                            d.nextId(),
                            changed,
                            s.msisdn,
                            newImsi,
                            numbers.foreignImei(rng.nextLong()),
                            state.currentImei(i)));
        }
        String fraudsterDevice = numbers.unknownDeviceId(rng.nextLong());
        long login = swapTime + rng.nextLong(10 * Times.MINUTE, 2 * Times.HOUR);
        int failures = rng.nextInt(3);
        for (int f = failures; f > 0; f--) {
            d.add(
                    Events.session(
                            d.nextId(),
                            login - f * rng.nextLong(20 * Times.SECOND, 2 * Times.MINUTE),
                            BankSessionType.LOGIN_FAILED,
                            s,
                            fraudsterDevice,
                            true,
                            Channel.MOBILE_APP));
        }
        d.add(
                Events.session(
                        d.nextId(),
                        login,
                        BankSessionType.LOGIN,
                        s,
                        fraudsterDevice,
                        true,
                        Channel.MOBILE_APP));
        long transfer = login + rng.nextLong(2 * Times.MINUTE, 25 * Times.MINUTE);
        d.add(
                Events.transfer(
                        d.nextId(),
                        transfer,
                        s,
                        Randoms.logNormal(rng, 8_000_000, 0.7, 500_000, 60_000_000),
                        Channel.MOBILE_APP,
                        numbers.otherAccount(rng.nextLong()),
                        true),
                new Label.FraudTransfer(FraudScenario.SIM_SWAP_TAKEOVER, swapId));
    }
}
