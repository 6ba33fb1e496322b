package io.convergent.infra.generator;

import io.convergent.common.event.CallEvent;
import io.convergent.common.event.Channel;
import io.convergent.common.event.ComplaintCategory;
import io.convergent.common.event.Ingress;
import java.util.SplittableRandom;

/**
 * A legitimate business calling its customers through office hours: many distinct callees, drawn
 * from its customer list rather than a number range, with ordinary answer rates and talk times and
 * almost no complaints.
 */
final class BulkCallerDay {

    private BulkCallerDay() {}

    static void plan(DayContext day, BulkCaller caller, DayPlanFragment out) {
        SplittableRandom rng =
                Seeds.random(day.seed, Seeds.BULK_CALLER_DAY, caller.index(), day.epochDay);
        int dayOfWeek = (int) Math.floorMod(day.epochDay + 3, 7L);
        double working = dayOfWeek < 5 ? 0.95 : dayOfWeek == 5 ? 0.5 : 0.1;
        if (!Randoms.chance(rng, working)) {
            return;
        }
        Label label = new Label.BulkCall(caller.number());
        int seq = 0;
        int calls = (int) (caller.callsPerDay() * (0.7 + 0.6 * rng.nextDouble()));
        for (int c = 0; c < calls; c++) {
            int callee = rng.nextInt(day.population.size());
            Subscriber subscriber = day.population.subscriber(callee);
            long time =
                    day.dayStart
                            + DailyRhythm.OFFICE.sampleMillisOfDay(
                                    rng, subscriber.region.utcOffsetHours);
            if (day.population.churn().portedOutBy(subscriber, time)) {
                continue;
            }
            CallEvent call =
                    Events.call(
                            rng,
                            EventIds.id(day.dayPrefix, EventIds.BULK_CALLER, caller.index(), seq++),
                            caller.number(),
                            subscriber.msisdn,
                            Ingress.INTERCONNECT,
                            time,
                            0.68,
                            70,
                            null,
                            null);
            out.add(call, label);
            if (call.answered() && Randoms.chance(rng, 0.003)) {
                long filed = call.endTime() + rng.nextLong(10 * Times.MINUTE, 3 * Times.HOUR);
                if (day.inDay(filed)) {
                    out.add(
                            Events.complaint(
                                    EventIds.id(
                                            day.dayPrefix,
                                            EventIds.BULK_CALLER,
                                            caller.index(),
                                            seq++),
                                    filed,
                                    subscriber.msisdn,
                                    ComplaintCategory.SPAM_CALL,
                                    Channel.MOBILE_APP,
                                    caller.number()),
                            null);
                }
            }
        }
    }
}
