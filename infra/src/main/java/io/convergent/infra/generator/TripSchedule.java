package io.convergent.infra.generator;

import io.convergent.common.numbering.NumberRange;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When each subscriber is abroad. Time is cut into 28-day periods; in each, a subscriber takes at
 * most one trip, with their archetype's probability, that starts and ends inside the period. A pure
 * function of the seed: any thread can ask whether anyone is roaming at any time, which the
 * spoofing scenarios need (a number of ours arriving from abroad is legitimate only while its owner
 * roams).
 */
final class TripSchedule {

    static final int PERIOD_DAYS = 28;

    // Where people from here go, most to least often; countries absent get the last weight.
    private static final List<String> FAVOURITES =
            List.of("TR", "AE", "GE", "TH", "AM", "KZ", "UZ", "EG", "CN", "IT", "ES", "DE", "FR");

    private final long seed;
    private final List<NumberRange> countries;
    private final double[] cumulative;

    TripSchedule(long seed, List<NumberRange> foreignRanges) {
        this.seed = seed;
        // One range per country is enough to pick a destination.
        this.countries =
                foreignRanges.stream()
                        .filter(r -> r.mcc() > 0)
                        .collect(
                                java.util.stream.Collectors.toMap(
                                        NumberRange::country,
                                        r -> r,
                                        (a, b) -> a,
                                        java.util.LinkedHashMap::new))
                        .values()
                        .stream()
                        .toList();
        if (countries.isEmpty()) {
            throw new IllegalArgumentException("no foreign range with an MCC to travel to");
        }
        double[] weights = new double[countries.size()];
        for (int i = 0; i < weights.length; i++) {
            int rank = FAVOURITES.indexOf(countries.get(i).country());
            weights[i] = rank < 0 ? 1.0 : 12.0 - 0.8 * rank;
        }
        this.cumulative = Randoms.cumulative(weights);
    }

    /** The subscriber's trip in the period holding {@code epochDay}, or {@code null}. */
    Trip tripAround(Subscriber subscriber, long epochDay) {
        long period = Math.floorDiv(epochDay, PERIOD_DAYS);
        SplittableRandom rng = Seeds.random(seed, Seeds.TRIP, subscriber.index, period);
        if (rng.nextDouble() >= subscriber.archetype.tripProbability) {
            return null;
        }
        long firstDay = period * PERIOD_DAYS + rng.nextInt(PERIOD_DAYS - 7);
        long lastDay = firstDay + 2 + rng.nextInt(6);
        int offset = subscriber.region.utcOffsetHours;
        long entry =
                Times.atLocalHour(firstDay, 5 + rng.nextInt(17), offset) + rng.nextLong(Times.HOUR);
        long exit =
                Times.atLocalHour(lastDay, 6 + rng.nextInt(17), offset) + rng.nextLong(Times.HOUR);
        NumberRange country = countries.get(Randoms.weighted(rng, cumulative));
        return new Trip(entry, exit, country, 1 + rng.nextInt(30));
    }

    /** The trip during which the subscriber is abroad at {@code time}, or {@code null}. */
    Trip roamingAt(Subscriber subscriber, long time) {
        Trip trip = tripAround(subscriber, Math.floorDiv(time, Times.DAY));
        return trip != null && trip.covers(time) ? trip : null;
    }

    /** Whether the subscriber is abroad at any moment of the day. */
    boolean roamingOnDay(Subscriber subscriber, long epochDay) {
        // Entry and exit times may fall a local day off the UTC day: look at both neighbours.
        for (long day = epochDay - 1; day <= epochDay + 1; day++) {
            Trip trip = tripAround(subscriber, day);
            if (trip != null && trip.overlapsDay(epochDay)) {
                return true;
            }
        }
        return false;
    }
}
