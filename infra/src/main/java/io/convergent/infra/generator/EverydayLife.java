package io.convergent.infra.generator;

import io.convergent.common.event.BankProduct;
import io.convergent.common.event.BankProductEventType;
import io.convergent.common.event.Channel;
import io.convergent.common.event.ComplaintCategory;
import io.convergent.common.event.Ingress;
import java.util.SplittableRandom;

/**
 * A subscriber's ordinary day: calls, messages, data sessions and location updates by the
 * archetype's daily rhythm in the subscriber's time zone; card payments and logins for bank
 * customers; the occasional transfer, product opening and complaint. Also plants legitimate
 * look-alikes of fraud: long calls from numbers never seen before, transfers to new beneficiaries.
 */
final class EverydayLife {

    /** What the day's usage was, for billing. */
    record Usage(int callsOut, int smsOut, int dataSessions) {}

    private static final ComplaintCategory[] EVERYDAY_COMPLAINTS = {
        ComplaintCategory.NETWORK_QUALITY,
        ComplaintCategory.BILLING,
        ComplaintCategory.SERVICE,
        ComplaintCategory.OTHER
    };
    private static final BankProduct[] OPENABLE = {
        BankProduct.CREDIT_CARD,
        BankProduct.DEPOSIT,
        BankProduct.SAVINGS_ACCOUNT,
        BankProduct.INSURANCE,
        BankProduct.INVESTMENT,
        BankProduct.LOAN
    };

    private EverydayLife() {}

    static Usage plan(SubscriberDay d) {
        Subscriber s = d.subscriber;
        Archetype a = s.archetype;
        SplittableRandom rng = d.rng;
        boolean weekend = d.day.weekend;
        DailyRhythm social = a.socialRhythm(weekend);
        DailyRhythm data = a.dataRhythm(weekend);
        double m = d.activity * (weekend ? 0.9 : 1.0);
        int offset = d.utcOffset();

        int callsOut = Randoms.poisson(rng, a.callsOut * m);
        planMany(d, EventKind.CALL_OUT, callsOut, social, offset);
        planMany(d, EventKind.CALL_IN, Randoms.poisson(rng, a.callsIn * m), social, offset);
        int smsOut = Randoms.poisson(rng, a.smsOut * m);
        planMany(d, EventKind.SMS_OUT, smsOut, social, offset);
        planMany(d, EventKind.SMS_IN, Randoms.poisson(rng, a.smsIn * m), social, offset);
        int sessions = Randoms.poisson(rng, a.dataSessions * m);
        planMany(d, EventKind.DATA_SESSION, sessions, data, offset);

        // Registration follows movement: the commute, then some moves through the day.
        if (a.commutes && !weekend) {
            d.plan(EventKind.LOCATION_UPDATE, commuteTime(d, 8));
            d.plan(EventKind.LOCATION_UPDATE, commuteTime(d, 18));
        }
        planMany(d, EventKind.LOCATION_UPDATE, Randoms.poisson(rng, 1.5 * m), social, offset);

        if (s.banksWithUs()) {
            planMany(
                    d,
                    EventKind.CARD_PAYMENT,
                    Randoms.poisson(rng, a.cardPayments * m),
                    DailyRhythm.SHOPPING,
                    offset);
            planMany(d, EventKind.LOGIN, Randoms.poisson(rng, a.logins * m), social, offset);
            planTransfers(d, m);
            planProductChanges(d);
        }
        planComplaint(d);
        if (Randoms.chance(rng, 0.002)) {
            planLongUnknownCall(d);
        }
        return new Usage(callsOut, smsOut, sessions);
    }

    private static void planMany(
            SubscriberDay d, byte kind, int count, DailyRhythm rhythm, int offset) {
        for (int k = 0; k < count; k++) {
            d.plan(kind, d.day.dayStart + rhythm.sampleMillisOfDay(d.rng, offset));
        }
    }

    private static long commuteTime(SubscriberDay d, int localHour) {
        return Times.atLocalHour(d.day.epochDay, localHour, d.utcOffset())
                + d.rng.nextLong(Times.HOUR);
    }

    private static void planTransfers(SubscriberDay d, double m) {
        SplittableRandom rng = d.rng;
        Subscriber s = d.subscriber;
        int known = Randoms.poisson(rng, s.archetype.transfers * m);
        for (int k = 0; k < known; k++) {
            long time = d.day.dayStart + DailyRhythm.SHOPPING.sampleMillisOfDay(rng, d.utcOffset());
            String beneficiary =
                    s.bank.knownBeneficiaries()
                            .get(rng.nextInt(s.bank.knownBeneficiaries().size()));
            d.add(
                    Events.transfer(
                            d.nextId(),
                            time,
                            s,
                            Randoms.logNormal(rng, 500_000, 0.9, 10_000, 50_000_000),
                            transferChannel(rng),
                            beneficiary,
                            false));
        }
        // Paying someone new is ordinary too: a landlord, a builder, a friend's friend.
        if (Randoms.chance(rng, 0.006 * m)) {
            long time = d.day.dayStart + DailyRhythm.SHOPPING.sampleMillisOfDay(rng, d.utcOffset());
            d.add(
                    Events.transfer(
                            d.nextId(),
                            time,
                            s,
                            Randoms.logNormal(rng, 800_000, 1.0, 10_000, 80_000_000),
                            transferChannel(rng),
                            d.day.population.numbers().otherAccount(rng.nextLong()),
                            true));
        }
    }

    static Channel transferChannel(SplittableRandom rng) {
        double u = rng.nextDouble();
        return u < 0.8 ? Channel.MOBILE_APP : u < 0.95 ? Channel.WEB : Channel.BRANCH;
    }

    private static void planProductChanges(SubscriberDay d) {
        SplittableRandom rng = d.rng;
        Subscriber s = d.subscriber;
        if (Randoms.chance(rng, 0.0025)) {
            BankProduct product = OPENABLE[rng.nextInt(OPENABLE.length)];
            long time = d.day.dayStart + DailyRhythm.SHOPPING.sampleMillisOfDay(rng, d.utcOffset());
            d.add(
                    Events.product(
                            d.nextId(),
                            time,
                            BankProductEventType.OPENED,
                            s,
                            product,
                            rng.nextBoolean() ? Channel.MOBILE_APP : Channel.BRANCH));
        }
        if (s.bank.products().size() > 1 && Randoms.chance(rng, 0.0005)) {
            BankProduct product =
                    s.bank.products().get(1 + rng.nextInt(s.bank.products().size() - 1));
            long time = d.day.dayStart + DailyRhythm.SHOPPING.sampleMillisOfDay(rng, d.utcOffset());
            d.add(
                    Events.product(
                            d.nextId(),
                            time,
                            BankProductEventType.CLOSED,
                            s,
                            product,
                            Channel.MOBILE_APP));
        }
    }

    private static void planComplaint(SubscriberDay d) {
        SplittableRandom rng = d.rng;
        // A churner in decline complains about coverage and bills a good deal more than others.
        boolean declining = d.activity < d.subscriber.activity * 0.95;
        double p = declining ? 0.04 : 0.002;
        if (Randoms.chance(rng, p)) {
            ComplaintCategory category =
                    declining
                            ? (rng.nextBoolean()
                                    ? ComplaintCategory.NETWORK_QUALITY
                                    : ComplaintCategory.BILLING)
                            : EVERYDAY_COMPLAINTS[rng.nextInt(EVERYDAY_COMPLAINTS.length)];
            long time = d.day.dayStart + DailyRhythm.OFFICE.sampleMillisOfDay(rng, d.utcOffset());
            d.add(
                    Events.complaint(
                            d.nextId(),
                            time,
                            d.subscriber.msisdn,
                            category,
                            rng.nextBoolean() ? Channel.MOBILE_APP : Channel.CALL_CENTRE,
                            null));
        }
    }

    /** A courier, a clinic, a new employer: a long call from a number the subscriber never saw. */
    private static void planLongUnknownCall(SubscriberDay d) {
        SplittableRandom rng = d.rng;
        SyntheticNumbers numbers = d.day.population.numbers();
        long key = rng.nextLong();
        String caller =
                rng.nextBoolean()
                        ? numbers.domesticMobile(SyntheticNumbers.CONTACTS + rng.nextInt(5), key)
                        : numbers.fixedLine(
                                d.subscriber.region.fixedLinePrefix,
                                SyntheticNumbers.CONTACTS + rng.nextInt(5),
                                key);
        long start = d.day.scenarioStart(rng, d.utcOffset(), 9, 20, Times.HOUR);
        long answer = start + rng.nextLong(3 * Times.SECOND, 12 * Times.SECOND);
        long end = answer + rng.nextLong(10 * Times.MINUTE, 30 * Times.MINUTE);
        d.addSignalledCall(
                Events.answered(
                        d.nextId(),
                        caller,
                        d.subscriber.msisdn,
                        Ingress.INTERCONNECT,
                        start,
                        answer,
                        end,
                        null,
                        d.cellAt(start)));
    }
}
