package io.convergent.infra.generator;

import io.convergent.common.event.BillingEventType;
import io.convergent.common.event.BillingProduct;
import io.convergent.common.event.Channel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Money on the mobile account: the monthly fee on the billing day, pay-as-you-go usage charges,
 * data packages, and the balance they leave. A charge that drops the balance below {@value
 * #LOW_BALANCE} kopecks reports the low balance and is usually followed by a top-up within hours
 * (or the next morning): the pattern the low-balance campaigns learn from. Churners in decline top
 * up less.
 */
final class BillingModel {

    static final long LOW_BALANCE = 5_000;
    private static final long[] TOP_UPS = {10_000, 20_000, 30_000, 50_000, 100_000};

    private record Charge(long time, BillingEventType type, BillingProduct product, long amount) {}

    private BillingModel() {}

    static void plan(SubscriberDay d, EverydayLife.Usage usage) {
        Subscriber s = d.subscriber;
        SplittableRandom rng = d.rng;
        SubscriberState state = d.day.state;
        int i = d.index();
        int offset = d.utcOffset();
        long balance = state.balance(i);

        if (Randoms.chance(rng, 0.3)) {
            long time = Times.atLocalHour(d.day.epochDay, 2, offset) + rng.nextLong(Times.HOUR);
            d.add(
                    Events.billing(
                            d.nextId(),
                            time,
                            BillingEventType.BALANCE,
                            s.msisdn,
                            null,
                            balance,
                            null,
                            null));
        }
        boolean declining = d.activity < s.activity * 0.95;
        // Someone left on a low balance notices sooner or later; a churner often does not bother.
        boolean noticed = balance < LOW_BALANCE && Randoms.chance(rng, declining ? 0.2 : 0.6);
        if (state.topUpOwed(i) || noticed) {
            long time =
                    d.day.clamp(
                            Times.atLocalHour(d.day.epochDay, 8, offset)
                                    + rng.nextLong(3 * Times.HOUR));
            balance = topUp(d, time, balance);
            state.setTopUpOwed(i, false);
        }

        List<Charge> charges = new ArrayList<>(4);
        if (s.tariff.monthlyFeeMinor > 0 && d.day.dayOfMonth == s.billingDayOfMonth) {
            charges.add(
                    new Charge(
                            Times.atLocalHour(d.day.epochDay, 4, offset) + rng.nextLong(Times.HOUR),
                            BillingEventType.CHARGE,
                            BillingProduct.SUBSCRIPTION_FEE,
                            s.tariff.monthlyFeeMinor));
        }
        long evening = Times.atLocalHour(d.day.epochDay, 22, offset);
        if (s.tariff.perMinuteMinor > 0 && usage.callsOut() > 0) {
            long minutes =
                    Math.max(1, Math.round(usage.callsOut() * 0.78 * (1 + rng.nextDouble() * 2)));
            charges.add(
                    new Charge(
                            evening + rng.nextLong(Times.HOUR),
                            BillingEventType.CHARGE,
                            BillingProduct.VOICE,
                            minutes * s.tariff.perMinuteMinor));
        }
        if (s.tariff.perSmsMinor > 0 && usage.smsOut() > 0) {
            charges.add(
                    new Charge(
                            evening + rng.nextLong(Times.HOUR),
                            BillingEventType.CHARGE,
                            BillingProduct.SMS,
                            usage.smsOut() * s.tariff.perSmsMinor));
        }
        if (s.tariff.perMegabyteMinor > 0 && usage.dataSessions() > 0) {
            long megabytes = usage.dataSessions() * (5 + rng.nextLong(40));
            charges.add(
                    new Charge(
                            evening + rng.nextLong(Times.HOUR),
                            BillingEventType.CHARGE,
                            BillingProduct.DATA,
                            megabytes * s.tariff.perMegabyteMinor));
        }
        if (s.archetype == Archetype.HEAVY_DATA && Randoms.chance(rng, 0.04)) {
            charges.add(
                    new Charge(
                            d.day.dayStart + DailyRhythm.NIGHT_OWL.sampleMillisOfDay(rng, offset),
                            BillingEventType.PACKAGE_PURCHASE,
                            BillingProduct.DATA_PACKAGE,
                            30_000));
        }
        charges.sort(Comparator.comparingLong(Charge::time));

        for (Charge charge : charges) {
            balance -= charge.amount();
            d.add(
                    Events.billing(
                            d.nextId(),
                            charge.time(),
                            charge.type(),
                            s.msisdn,
                            charge.amount(),
                            balance,
                            charge.product(),
                            charge.type() == BillingEventType.PACKAGE_PURCHASE
                                    ? Channel.MOBILE_APP
                                    : null));
            if (balance < LOW_BALANCE && balance + charge.amount() >= LOW_BALANCE) {
                long reported = charge.time() + Times.SECOND;
                d.add(
                        Events.billing(
                                d.nextId(),
                                reported,
                                BillingEventType.BALANCE,
                                s.msisdn,
                                null,
                                balance,
                                null,
                                null));
                if (Randoms.chance(rng, declining ? 0.35 : 0.85)) {
                    long at = reported + rng.nextLong(10 * Times.MINUTE, 6 * Times.HOUR);
                    if (d.day.inDay(at)) {
                        balance = topUp(d, at, balance);
                    } else {
                        state.setTopUpOwed(i, true);
                    }
                }
            }
        }
        if (Randoms.chance(rng, 0.03)) {
            balance =
                    topUp(
                            d,
                            d.day.dayStart + DailyRhythm.SHOPPING.sampleMillisOfDay(rng, offset),
                            balance);
        }
        state.setBalance(i, balance);
    }

    /**
     * A purchase outside the daily charges (a roaming package): applied to the running balance at
     * once, so the balance the next charge reports already includes it.
     */
    static void purchase(SubscriberDay d, long time, BillingProduct product, long amount) {
        SubscriberState state = d.day.state;
        long balance = state.balance(d.index()) - amount;
        state.setBalance(d.index(), balance);
        d.add(
                Events.billing(
                        d.nextId(),
                        time,
                        BillingEventType.PACKAGE_PURCHASE,
                        d.subscriber.msisdn,
                        amount,
                        balance,
                        product,
                        d.rng.nextBoolean() ? Channel.MOBILE_APP : Channel.USSD));
    }

    private static long topUp(SubscriberDay d, long time, long balance) {
        SplittableRandom rng = d.rng;
        long amount = TOP_UPS[rng.nextInt(TOP_UPS.length)];
        long after = balance + amount;
        Channel channel;
        double u = rng.nextDouble();
        if (d.subscriber.banksWithUs() && u < 0.6) {
            channel = Channel.MOBILE_APP;
        } else {
            channel = u < 0.75 ? Channel.USSD : u < 0.9 ? Channel.SHOP : Channel.ATM;
        }
        d.add(
                Events.billing(
                        d.nextId(),
                        time,
                        BillingEventType.TOP_UP,
                        d.subscriber.msisdn,
                        amount,
                        after,
                        null,
                        channel));
        return after;
    }
}
