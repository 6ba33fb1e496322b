package io.convergent.infra.generator;

import io.convergent.common.event.BankSessionType;
import io.convergent.common.event.Channel;
import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.Ingress;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.RadioAccess;
import io.convergent.common.event.SmsEvent;
import java.util.SplittableRandom;

/**
 * Makes the record of a planned everyday event, from nothing but its kind, time, subscriber and
 * sequence number: the random stream is derived from those, so the record is the same whenever and
 * on whichever thread it is made. Roaming, the SIM and the bank device are looked up at the event's
 * time. Thread-safe once the day is planned.
 */
final class EventMaterialiser {

    private static final RadioAccess[] RADIO = {
        RadioAccess.LTE, RadioAccess.NR, RadioAccess.UMTS, RadioAccess.GSM
    };
    private static final double[] RADIO_CUMULATIVE =
            Randoms.cumulative(new double[] {68, 17, 10, 5});

    // Merchant category codes (ISO 18245) with the median spend in kopecks.
    private static final int[] HOME_MCC = {
        5411, 5812, 5814, 5541, 4111, 5912, 5691, 5732, 4814, 5999
    };
    private static final long[] HOME_MEDIAN = {
        90_000, 150_000, 45_000, 250_000, 6_000, 70_000, 350_000, 1_200_000, 50_000, 100_000
    };
    private static final double[] HOME_CUMULATIVE =
            Randoms.cumulative(new double[] {35, 15, 10, 8, 8, 6, 6, 3, 3, 6});
    private static final int[] ABROAD_MCC = {7011, 4722, 5812, 5411};
    private static final long[] ABROAD_MEDIAN = {800_000, 500_000, 200_000, 120_000};
    private static final double[] ABROAD_CUMULATIVE = Randoms.cumulative(new double[] {3, 1, 4, 3});

    private final long seed;

    /** The bank's short number, and the share of a customer's outgoing calls that ring it. */
    static final String BANK_HOTLINE = "900";

    static final double BANK_HOTLINE_SHARE = 0.02;

    /** The bank's SMS sender name, and the share of a customer's incoming texts from it. */
    static final String BANK_SENDER_NAME = "SBERBANK";

    static final double BANK_SMS_SHARE = 0.15;

    private final Population population;
    private final SubscriberState state;

    EventMaterialiser(long seed, Population population, SubscriberState state) {
        this.seed = seed;
        this.population = population;
        this.state = state;
    }

    /** The event of entry {@code entry} of {@code plan}. */
    InputEvent materialise(DayPlan plan, int entry) {
        byte kind = plan.kind(entry);
        if (kind == EventKind.PREBUILT) {
            return plan.prebuilt(entry);
        }
        int i = plan.subject(entry);
        int seq = plan.seq(entry);
        long time = plan.time(entry);
        Subscriber s = population.subscriber(i);
        SplittableRandom rng = Seeds.random(seed, Seeds.EVENT, i, plan.epochDay(), seq);
        String id = EventIds.id(plan.dayPrefix(), EventIds.SUBSCRIBER, i, seq);
        Trip trip = population.trips().roamingAt(s, time);
        return switch (kind) {
            case EventKind.CALL_OUT -> callOut(rng, id, s, time, trip);
            case EventKind.CALL_IN -> callIn(rng, id, s, time, trip);
            case EventKind.SMS_OUT -> smsOut(rng, id, s, time, trip);
            case EventKind.SMS_IN -> smsIn(rng, id, s, time, trip);
            case EventKind.DATA_SESSION -> dataSession(rng, id, s, time, trip);
            case EventKind.LOCATION_UPDATE -> locationUpdate(id, s, time, trip);
            case EventKind.CARD_PAYMENT -> cardPayment(rng, id, s, time, trip);
            case EventKind.LOGIN -> login(rng, id, s, time);
            default -> throw new IllegalStateException("unknown event kind " + kind);
        };
    }

    private InputEvent callOut(
            SplittableRandom rng, String id, Subscriber s, long time, Trip trip) {
        // A bank customer now and then rings the bank's short number: an organisation's line,
        // which the platform keeps in clear as svc:900 and never counts as a stranger.
        String callee =
                s.banksWithUs() && rng.nextDouble() < BANK_HOTLINE_SHARE
                        ? BANK_HOTLINE
                        : callee(rng, s, trip);
        if (trip != null) {
            // From abroad, a call home reaches us through the international gateway: our own
            // number from outside, legitimately, because its owner is roaming.
            return Events.call(
                    rng, id, s.msisdn, callee, Ingress.INTERNATIONAL, time, 0.75, 90, null, null);
        }
        return Events.call(
                rng,
                id,
                s.msisdn,
                callee,
                Ingress.ON_NET,
                time,
                0.78,
                75,
                state.imsiAt(s.index, time),
                s.cellAt(time));
    }

    private InputEvent callIn(SplittableRandom rng, String id, Subscriber s, long time, Trip trip) {
        int contact = s.externalContacts[rng.nextInt(s.externalContacts.length)];
        return Events.call(
                rng,
                id,
                population.externalNumber(contact),
                s.msisdn,
                population.externalIngress(contact),
                time,
                0.75,
                90,
                null,
                trip == null ? s.cellAt(time) : null);
    }

    private InputEvent smsOut(SplittableRandom rng, String id, Subscriber s, long time, Trip trip) {
        String recipient = callee(rng, s, trip);
        return new SmsEvent(
                id,
                time,
                s.msisdn,
                recipient,
                trip == null ? Ingress.ON_NET : Ingress.INTERNATIONAL,
                segments(rng),
                trip == null ? s.cellAt(time) : null);
    }

    private InputEvent smsIn(SplittableRandom rng, String id, Subscriber s, long time, Trip trip) {
        if (s.banksWithUs() && rng.nextDouble() < BANK_SMS_SHARE) {
            // The bank's notices come from its sender name, through an SMS aggregator.
            return new SmsEvent(
                    id,
                    time,
                    BANK_SENDER_NAME,
                    s.msisdn,
                    Ingress.INTERCONNECT,
                    1,
                    trip == null ? s.cellAt(time) : null);
        }
        int contact = s.externalContacts[rng.nextInt(s.externalContacts.length)];
        return new SmsEvent(
                id,
                time,
                population.externalNumber(contact),
                s.msisdn,
                population.externalIngress(contact),
                segments(rng),
                trip == null ? s.cellAt(time) : null);
    }

    private InputEvent dataSession(
            SplittableRandom rng, String id, Subscriber s, long time, Trip trip) {
        long duration =
                Randoms.logNormal(rng, 8 * Times.MINUTE, 1.0, 5 * Times.SECOND, 4 * Times.HOUR);
        long downlink =
                Randoms.logNormal(
                        rng, 15_000_000 * s.archetype.dataVolume, 1.2, 1_000, 50_000_000_000L);
        long uplink = Math.max(100, downlink / (4 + rng.nextInt(12)));
        if (trip != null) {
            // Abroad people ration their data, package or not.
            downlink /= 4;
            uplink /= 4;
        }
        return new DataSessionEvent(
                id,
                time,
                s.msisdn,
                state.imsiAt(s.index, time),
                time - duration,
                time,
                uplink,
                downlink,
                trip == null ? RADIO[Randoms.weighted(rng, RADIO_CUMULATIVE)] : RadioAccess.LTE,
                trip == null ? s.cellAt(time) : null,
                trip == null ? null : trip.country().mcc());
    }

    private InputEvent locationUpdate(String id, Subscriber s, long time, Trip trip) {
        String imsi = state.imsiAt(s.index, time);
        if (trip != null) {
            return Events.locationUpdate(
                    id, time, s.msisdn, imsi, trip.country().mcc(), trip.visitedMnc(), null);
        }
        return Events.locationUpdate(
                id, time, s.msisdn, imsi, Events.HOME_MCC, Events.HOME_MNC, s.cellAt(time));
    }

    private InputEvent cardPayment(
            SplittableRandom rng, String id, Subscriber s, long time, Trip trip) {
        int mcc;
        long median;
        if (trip != null) {
            int k = Randoms.weighted(rng, ABROAD_CUMULATIVE);
            mcc = ABROAD_MCC[k];
            median = ABROAD_MEDIAN[k];
        } else {
            int k = Randoms.weighted(rng, HOME_CUMULATIVE);
            mcc = HOME_MCC[k];
            median = HOME_MEDIAN[k];
        }
        boolean online =
                mcc == 5732 || mcc == 4814 || mcc == 4722
                        ? rng.nextDouble() < 0.7
                        : rng.nextDouble() < 0.1;
        return Events.cardPayment(
                id,
                time,
                s,
                Randoms.logNormal(rng, median, 0.8, 100, 100_000_000),
                online ? Channel.ECOMMERCE : Channel.POS,
                mcc);
    }

    private InputEvent login(SplittableRandom rng, String id, Subscriber s, long time) {
        return Events.session(
                id,
                time,
                rng.nextDouble() < 0.04 ? BankSessionType.LOGIN_FAILED : BankSessionType.LOGIN,
                s,
                state.deviceAt(s.index, time),
                false,
                rng.nextDouble() < 0.85 ? Channel.MOBILE_APP : Channel.WEB);
    }

    /**
     * Someone the subscriber talks to; from abroad only our own subscribers go through our switch.
     */
    private String callee(SplittableRandom rng, Subscriber s, Trip trip) {
        boolean ours =
                s.ourContacts.length > 0
                        && (trip != null
                                || s.externalContacts.length == 0
                                || rng.nextDouble() < 0.62);
        if (ours) {
            return population.subscriber(s.ourContacts[rng.nextInt(s.ourContacts.length)]).msisdn;
        }
        return population.externalNumber(
                s.externalContacts[rng.nextInt(s.externalContacts.length)]);
    }

    private static int segments(SplittableRandom rng) {
        double u = rng.nextDouble();
        return u < 0.8 ? 1 : u < 0.95 ? 2 : 3;
    }
}
