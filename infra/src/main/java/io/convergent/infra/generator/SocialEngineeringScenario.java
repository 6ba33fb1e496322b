package io.convergent.infra.generator;

import io.convergent.common.event.BankSessionType;
import io.convergent.common.event.Channel;
import io.convergent.common.event.Ingress;
import java.util.SplittableRandom;

/**
 * The fake bank security officer: a long call (10 to 40 minutes) from a number the victim has never
 * seen, often forged, then, within the hour after it ends or while it is still going on, a login
 * from the victim's own phone and a large transfer to a new beneficiary. Sometimes the victim is
 * talked into forwarding their calls first, so the bank's call-back reaches the fraudster. The call
 * leads the truth record of the transfer.
 */
final class SocialEngineeringScenario {

    /** From the call's end to the transfer, at most. */
    static final long TRANSFER_WITHIN = Times.HOUR;

    private SocialEngineeringScenario() {}

    static void plan(SubscriberDay d) {
        SplittableRandom rng = d.rng;
        Subscriber s = d.subscriber;
        SyntheticNumbers numbers = d.day.population.numbers();

        long start = d.day.scenarioStart(rng, d.utcOffset(), 9, 20, 2 * Times.HOUR);
        ForgedCallerIds.CallerId caller = caller(d, rng, start);
        long answer = start + rng.nextLong(3 * Times.SECOND, 12 * Times.SECOND);
        long end = answer + rng.nextLong(10 * Times.MINUTE, 40 * Times.MINUTE);
        String callId = d.nextId();
        d.addSignalledCall(
                Events.answered(
                        callId,
                        caller.number(),
                        s.msisdn,
                        caller.ingress(),
                        start,
                        answer,
                        end,
                        null,
                        d.cellAt(start)),
                new Label.SocialEngineeringCall(caller.spoofKind()));

        if (Randoms.chance(rng, 0.2)) {
            long on = answer + rng.nextLong(2 * Times.MINUTE, 8 * Times.MINUTE);
            String target =
                    numbers.domesticMobile(SyntheticNumbers.FORWARDING_TARGETS, rng.nextLong());
            d.add(Events.forwarding(d.nextId(), on, s.msisdn, true, target));
            long off = on + rng.nextLong(Times.HOUR, 3 * Times.HOUR);
            if (d.day.inDay(off)) {
                d.add(Events.forwarding(d.nextId(), off, s.msisdn, false, null));
            }
        }

        long transfer =
                Randoms.chance(rng, 0.4) && end - answer > 7 * Times.MINUTE
                        ? rng.nextLong(answer + 5 * Times.MINUTE, end - Times.MINUTE)
                        : end + rng.nextLong(3 * Times.MINUTE, TRANSFER_WITHIN - 5 * Times.MINUTE);
        long login = transfer - rng.nextLong(Times.MINUTE, 3 * Times.MINUTE);
        d.add(
                Events.session(
                        d.nextId(),
                        login,
                        BankSessionType.LOGIN,
                        s,
                        d.day.state.deviceAt(d.index(), login),
                        false,
                        Channel.MOBILE_APP));
        d.add(
                Events.transfer(
                        d.nextId(),
                        transfer,
                        s,
                        Randoms.logNormal(rng, 15_000_000, 0.7, 1_000_000, 100_000_000),
                        Channel.MOBILE_APP,
                        numbers.otherAccount(rng.nextLong()),
                        true),
                new Label.FraudTransfer(FraudScenario.SOCIAL_ENGINEERING, callId));
    }

    private static ForgedCallerIds.CallerId caller(
            SubscriberDay d, SplittableRandom rng, long start) {
        double u = rng.nextDouble();
        if (u < 0.35) {
            // A genuine number of another operator: a burner SIM, never seen before.
            return new ForgedCallerIds.CallerId(
                    d.day.population
                            .numbers()
                            .domesticMobile(SyntheticNumbers.FRAUDSTERS, rng.nextLong()),
                    Ingress.INTERCONNECT,
                    null);
        }
        // "Your bank's number": a Moscow landline through the international gateway, one of
        // ours, or an unallocated number.
        SpoofKind kind =
                u < 0.6
                        ? SpoofKind.DOMESTIC_VIA_INTERNATIONAL
                        : u < 0.85 ? SpoofKind.OUR_NUMBER : SpoofKind.UNALLOCATED;
        return ForgedCallerIds.forge(d.day, rng, kind, d.index(), start);
    }
}
