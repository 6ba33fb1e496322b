package io.convergent.infra.generator;

/**
 * A behaviour profile: how much a subscriber calls, texts, browses, pays and travels per day, and
 * when. The means are per day before the personal activity factor and weekend effects.
 */
enum Archetype {
    COMMUTER(0.42, 4.0, 1.5, 2.5, 1.0, 14, 2.2, 1.3, 0.12, 0.06, 1.0, true, DailyRhythm.COMMUTER),
    TRAVELLER(0.12, 4.5, 2.0, 2.5, 1.2, 14, 2.5, 1.6, 0.15, 0.75, 1.2, true, DailyRhythm.COMMUTER),
    HEAVY_DATA(0.22, 2.5, 1.0, 1.5, 0.8, 32, 2.0, 1.8, 0.10, 0.08, 6.0, false, DailyRhythm.LEISURE),
    LOW_ACTIVITY(
            0.24, 1.2, 0.8, 0.8, 0.5, 3, 0.6, 0.3, 0.04, 0.02, 0.3, false, DailyRhythm.LEISURE),
    /** Starts like a commuter; its activity falls in the weeks before a port-out request. */
    FUTURE_CHURNER(
            0, 3.5, 1.5, 2.0, 1.0, 12, 2.0, 1.2, 0.10, 0.05, 1.0, true, DailyRhythm.COMMUTER);

    /** Share of the population among the archetypes other than {@link #FUTURE_CHURNER}. */
    final double share;

    final double callsOut;
    final double callsIn;
    final double smsOut;
    final double smsIn;
    final double dataSessions;
    final double cardPayments;
    final double logins;
    final double transfers;

    /** Probability of a trip abroad in a 28-day period. */
    final double tripProbability;

    /** Multiplier of the bytes of a data session. */
    final double dataVolume;

    /** Whether the subscriber moves between a home and a work cell on working days. */
    final boolean commutes;

    final DailyRhythm weekdayRhythm;

    Archetype(
            double share,
            double callsOut,
            double callsIn,
            double smsOut,
            double smsIn,
            double dataSessions,
            double cardPayments,
            double logins,
            double transfers,
            double tripProbability,
            double dataVolume,
            boolean commutes,
            DailyRhythm weekdayRhythm) {
        this.share = share;
        this.callsOut = callsOut;
        this.callsIn = callsIn;
        this.smsOut = smsOut;
        this.smsIn = smsIn;
        this.dataSessions = dataSessions;
        this.cardPayments = cardPayments;
        this.logins = logins;
        this.transfers = transfers;
        this.tripProbability = tripProbability;
        this.dataVolume = dataVolume;
        this.commutes = commutes;
        this.weekdayRhythm = weekdayRhythm;
    }

    DailyRhythm socialRhythm(boolean weekend) {
        return weekend ? DailyRhythm.LEISURE : weekdayRhythm;
    }

    DailyRhythm dataRhythm(boolean weekend) {
        return this == HEAVY_DATA ? DailyRhythm.NIGHT_OWL : socialRhythm(weekend);
    }
}
