package io.convergent.infra.generator;

import java.util.SplittableRandom;

/**
 * How an activity spreads over the 24 hours of someone's local day: a weight per local hour. Draws
 * a UTC time of day for a subscriber in any time zone, so a Vladivostok evening peak falls at
 * Moscow's morning.
 */
final class DailyRhythm {

    /** Calls and messages of a working commuter: quiet nights, two commute peaks, an evening. */
    static final DailyRhythm COMMUTER =
            new DailyRhythm(
                    "commuter",
                    0.3,
                    0.15,
                    0.08,
                    0.05,
                    0.05,
                    0.1,
                    0.4,
                    1.2,
                    2.4,
                    2.0,
                    1.6,
                    1.5,
                    1.7,
                    1.9,
                    1.5,
                    1.5,
                    1.6,
                    2.1,
                    2.7,
                    2.8,
                    2.5,
                    2.0,
                    1.3,
                    0.7);

    /** Weekends and the less active: late start, flat afternoon, early evening. */
    static final DailyRhythm LEISURE =
            new DailyRhythm(
                    "leisure", 0.4, 0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.7, 1.2, 1.6, 1.8, 1.9,
                    1.9, 1.8, 1.7, 1.7, 1.8, 2.0, 2.1, 2.0, 1.7, 1.2, 0.7);

    /** Data of heavy users: streaming in the late evening, some at night. */
    static final DailyRhythm NIGHT_OWL =
            new DailyRhythm(
                    "night owl",
                    1.5,
                    1.0,
                    0.6,
                    0.4,
                    0.3,
                    0.3,
                    0.5,
                    1.0,
                    1.6,
                    1.4,
                    1.3,
                    1.3,
                    1.5,
                    1.5,
                    1.4,
                    1.4,
                    1.5,
                    1.8,
                    2.2,
                    2.6,
                    2.9,
                    3.0,
                    2.7,
                    2.1);

    /** Card payments: shops are open from morning to evening, a peak after work. */
    static final DailyRhythm SHOPPING =
            new DailyRhythm(
                    "shopping",
                    0.1,
                    0.05,
                    0.02,
                    0.02,
                    0.02,
                    0.05,
                    0.2,
                    0.6,
                    1.0,
                    1.2,
                    1.5,
                    1.7,
                    2.0,
                    1.9,
                    1.7,
                    1.6,
                    1.7,
                    2.0,
                    2.4,
                    2.4,
                    2.0,
                    1.5,
                    0.8,
                    0.3);

    /** Office hours: call centres, shops' delivery desks, spammers working a shift. */
    static final DailyRhythm OFFICE =
            new DailyRhythm(
                    "office", 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.5, 2.0, 2.0, 1.8, 1.2, 1.8, 2.0, 2.0,
                    1.8, 1.2, 0.6, 0, 0, 0, 0);

    private final String name;
    // Cumulative weights over UTC hours, one table per UTC offset (index = offset mod 24).
    private final double[][] cumulativeByOffset;

    DailyRhythm(String name, double... localWeights) {
        if (localWeights.length != 24) {
            throw new IllegalArgumentException(
                    "a daily rhythm needs 24 hourly weights, got " + localWeights.length);
        }
        this.name = name;
        this.cumulativeByOffset = new double[24][];
        for (int offset = 0; offset < 24; offset++) {
            double[] utcWeights = new double[24];
            for (int utcHour = 0; utcHour < 24; utcHour++) {
                utcWeights[utcHour] = localWeights[(utcHour + offset) % 24];
            }
            cumulativeByOffset[offset] = Randoms.cumulative(utcWeights);
        }
    }

    /** A millisecond of the UTC day, drawn by the local-hour weights of the time zone. */
    long sampleMillisOfDay(SplittableRandom rng, int utcOffsetHours) {
        int utcHour = Randoms.weighted(rng, cumulativeByOffset[Math.floorMod(utcOffsetHours, 24)]);
        return utcHour * Times.HOUR + rng.nextLong(Times.HOUR);
    }

    @Override
    public String toString() {
        return "DailyRhythm[" + name + "]";
    }
}
