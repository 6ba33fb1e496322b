package io.convergent.infra.generator;

import io.convergent.common.event.CallEvent;
import io.convergent.common.event.Channel;
import io.convergent.common.event.ComplaintCategory;
import io.convergent.common.event.Ingress;
import io.convergent.common.event.ReleaseCause;
import java.util.SplittableRandom;

/**
 * A mass dialler's working day: bursts of calls seconds apart, mostly through consecutive numbers
 * of our ranges (many not in use, so the calls fail), some through a leaked list of real
 * subscribers. Few answer, and those who do hang up within seconds; some file a SPAM_CALL complaint
 * naming the number. Campaigns start on different days and skip some days.
 */
final class SpamCampaign {

    private static final double ANSWER_PROBABILITY = 0.12;
    private static final double COMPLAINT_PROBABILITY = 0.08;

    private SpamCampaign() {}

    static void plan(DayContext day, Spammer spammer, DayPlanFragment out) {
        if (day.epochDay < spammer.firstDay()) {
            return;
        }
        SplittableRandom rng =
                Seeds.random(day.seed, Seeds.SPAMMER_DAY, spammer.index(), day.epochDay);
        if (!Randoms.chance(rng, day.weekend ? 0.5 : 0.85)) {
            return;
        }
        SyntheticNumbers numbers = day.population.numbers();
        Label label = new Label.SpamCall(spammer.number());
        int[] seq = {0};
        int calls = (int) (spammer.callsPerDay() * (0.6 + 0.8 * rng.nextDouble()));
        int bursts = 1 + rng.nextInt(3);
        int ourPrefixes = (int) Math.min(numbers.slotCount(), 4);
        for (int b = 0; b < bursts; b++) {
            boolean sequential = rng.nextDouble() < 0.7;
            long slot = rng.nextLong(numbers.slotCount());
            long time =
                    day.dayStart
                            + DailyRhythm.OFFICE.sampleMillisOfDay(
                                    rng, HomeRegion.MOSCOW.utcOffsetHours);
            for (int c = 0; c < calls / bursts; c++) {
                time += rng.nextLong(2 * Times.SECOND, 20 * Times.SECOND);
                if (time >= day.dayEnd - Times.MINUTE) {
                    break;
                }
                if (sequential) {
                    slot += ourPrefixes; // the next number of the same range
                } else {
                    slot = numbers.slotOf(rng.nextInt(day.population.size()));
                }
                call(day, rng, spammer, label, seq, slot, time, out);
            }
        }
    }

    private static void call(
            DayContext day,
            SplittableRandom rng,
            Spammer spammer,
            Label label,
            int[] seq,
            long slot,
            long time,
            DayPlanFragment out) {
        SyntheticNumbers numbers = day.population.numbers();
        String called = numbers.ourNumber(slot);
        int callee = numbers.subscriberAt(slot);
        String id = EventIds.id(day.dayPrefix, EventIds.SPAMMER, spammer.index(), seq[0]++);
        Subscriber subscriber = callee < 0 ? null : day.population.subscriber(callee);
        if (subscriber == null || day.population.churn().portedOutBy(subscriber, time)) {
            // Not in use (or gone to another operator): the switch fails the call at once.
            out.add(
                    Events.unanswered(
                            id,
                            spammer.number(),
                            called,
                            Ingress.INTERCONNECT,
                            time,
                            time + rng.nextLong(200, 2 * Times.SECOND),
                            rng.nextBoolean() ? ReleaseCause.FAILED : ReleaseCause.UNREACHABLE,
                            null,
                            null),
                    label);
            return;
        }
        CallEvent event =
                Events.call(
                        rng,
                        id,
                        spammer.number(),
                        called,
                        Ingress.INTERCONNECT,
                        time,
                        ANSWER_PROBABILITY,
                        6,
                        null,
                        null);
        out.add(event, label);
        boolean annoyed = event.answered() || event.releaseCause() == ReleaseCause.REJECTED;
        if (annoyed && Randoms.chance(rng, COMPLAINT_PROBABILITY)) {
            long filed = event.endTime() + rng.nextLong(2 * Times.MINUTE, 3 * Times.HOUR);
            if (day.inDay(filed)) {
                double u = rng.nextDouble();
                Channel channel =
                        u < 0.6
                                ? Channel.MOBILE_APP
                                : u < 0.85 ? Channel.CALL_CENTRE : Channel.USSD;
                out.add(
                        Events.complaint(
                                EventIds.id(
                                        day.dayPrefix, EventIds.SPAMMER, spammer.index(), seq[0]++),
                                filed,
                                subscriber.msisdn,
                                ComplaintCategory.SPAM_CALL,
                                channel,
                                spammer.number()),
                        null);
            }
        }
    }
}
