package io.convergent.infra.generator;

import io.convergent.common.event.CallEvent;
import io.convergent.common.event.Channel;
import io.convergent.common.event.ComplaintCategory;
import io.convergent.common.event.ReleaseCause;
import java.util.SplittableRandom;

/**
 * Robocalls and scam attempts with forged caller ids reaching one of our subscribers: our own
 * subscribers' numbers arriving from outside while their owners are at home, domestic numbers
 * arriving over the international gateway, numbers from unallocated ranges. Short, mostly
 * unanswered; the odd victim complains.
 */
final class SpoofedCalls {

    private SpoofedCalls() {}

    static void plan(SubscriberDay d) {
        SplittableRandom rng = d.rng;
        Subscriber s = d.subscriber;
        double u = rng.nextDouble();
        SpoofKind kind =
                u < 0.45
                        ? SpoofKind.OUR_NUMBER
                        : u < 0.8 ? SpoofKind.DOMESTIC_VIA_INTERNATIONAL : SpoofKind.UNALLOCATED;
        long start = d.day.dayStart + DailyRhythm.OFFICE.sampleMillisOfDay(rng, d.utcOffset());
        ForgedCallerIds.CallerId caller = ForgedCallerIds.forge(d.day, rng, kind, d.index(), start);
        CallEvent call =
                Events.call(
                        rng,
                        d.nextId(),
                        caller.number(),
                        s.msisdn,
                        caller.ingress(),
                        start,
                        0.35,
                        25,
                        null,
                        d.cellAt(start));
        d.add(call, new Label.SpoofedCall(caller.spoofKind()));
        boolean complains =
                call.answered()
                        ? Randoms.chance(rng, 0.15)
                        : call.releaseCause() == ReleaseCause.REJECTED && Randoms.chance(rng, 0.05);
        long filed = call.endTime() + rng.nextLong(5 * Times.MINUTE, 2 * Times.HOUR);
        if (complains && d.day.inDay(filed)) {
            d.add(
                    Events.complaint(
                            d.nextId(),
                            filed,
                            s.msisdn,
                            call.answered()
                                    ? ComplaintCategory.FRAUD_CALL
                                    : ComplaintCategory.SPAM_CALL,
                            rng.nextBoolean() ? Channel.MOBILE_APP : Channel.CALL_CENTRE,
                            caller.number()));
        }
    }
}
