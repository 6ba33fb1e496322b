package io.convergent.infra.generator;

import io.convergent.common.event.BankSessionType;
import io.convergent.common.event.Channel;
import java.util.SplittableRandom;

/**
 * A genuine SIM replacement after a lost or broken phone: the swap at a shop, usually a new handset
 * soon after, and often a bank login from the new phone, which the bank has never seen. It looks
 * like the start of a takeover, but no transfer to a new beneficiary follows: the look-alike that
 * keeps "SIM swap then new device" from being fraud by itself.
 */
final class LostPhoneSimSwap {

    private LostPhoneSimSwap() {}

    static void plan(SubscriberDay d) {
        SplittableRandom rng = d.rng;
        Subscriber s = d.subscriber;
        SubscriberState state = d.day.state;
        int i = d.index();

        long swapTime = d.day.scenarioStart(rng, d.utcOffset(), 10, 20, 5 * Times.HOUR);
        String oldImsi = state.currentImsi(i);
        String newImsi = state.swapSim(i, swapTime);
        d.add(
                Events.simSwap(d.nextId(), swapTime, s.msisdn, newImsi, oldImsi, s.homeCell),
                new Label.SimSwap(false));
        if (Randoms.chance(rng, 0.7)) {
            String previousImei = state.currentImei(i);
            d.add(
                    Events.deviceChange(
                            d.nextId(),
                            swapTime + rng.nextLong(5 * Times.MINUTE, Times.HOUR),
                            s.msisdn,
                            newImsi,
                            state.changeHandset(i),
                            previousImei));
        }
        if (s.banksWithUs() && Randoms.chance(rng, 0.6)) {
            long login = swapTime + rng.nextLong(30 * Times.MINUTE, 4 * Times.HOUR);
            String device = state.changeDevice(i, login);
            d.add(
                    Events.session(
                            d.nextId(),
                            login,
                            BankSessionType.LOGIN,
                            s,
                            device,
                            true,
                            Channel.MOBILE_APP));
        }
    }
}
