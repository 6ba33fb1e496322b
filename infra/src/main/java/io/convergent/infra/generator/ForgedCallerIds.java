package io.convergent.infra.generator;

import io.convergent.common.event.Ingress;
import java.util.SplittableRandom;

/**
 * Caller ids a fraudster presents, and the route the call takes: the three kinds of spoofing the
 * first layer of Digital Immunity blocks.
 */
final class ForgedCallerIds {

    /** A presented A-number, how the call reached us, and the forgery (or {@code null}). */
    record CallerId(String number, Ingress ingress, SpoofKind spoofKind) {}

    private static final int OWNER_ATTEMPTS = 8;

    private ForgedCallerIds() {}

    static CallerId forge(
            DayContext day, SplittableRandom rng, SpoofKind kind, int victim, long time) {
        SyntheticNumbers numbers = day.population.numbers();
        switch (kind) {
            case OUR_NUMBER -> {
                String owner = ourNumberAtHome(day, rng, victim, time);
                if (owner != null) {
                    return new CallerId(
                            owner,
                            rng.nextDouble() < 0.7 ? Ingress.INTERCONNECT : Ingress.INTERNATIONAL,
                            SpoofKind.OUR_NUMBER);
                }
                // Everyone picked was abroad, where their number may legitimately come from.
                return forge(day, rng, SpoofKind.UNALLOCATED, victim, time);
            }
            case DOMESTIC_VIA_INTERNATIONAL -> {
                long key = rng.nextLong();
                String number =
                        rng.nextDouble() < 0.6
                                ? numbers.domesticMobile(SyntheticNumbers.SPOOF_SOURCES, key)
                                : numbers.fixedLine(
                                        HomeRegion.MOSCOW.fixedLinePrefix,
                                        SyntheticNumbers.SPOOF_SOURCES,
                                        key);
                return new CallerId(number, Ingress.INTERNATIONAL, kind);
            }
            case UNALLOCATED -> {
                return new CallerId(
                        numbers.unallocated(rng.nextLong()),
                        rng.nextDouble() < 0.6 ? Ingress.INTERCONNECT : Ingress.INTERNATIONAL,
                        kind);
            }
            default -> throw new IllegalArgumentException("unknown spoof kind " + kind);
        }
    }

    /**
     * The number of a subscriber other than the victim who is at home all day and still ours at
     * {@code time}: a call presenting it from outside our radio network cannot be genuine.
     */
    private static String ourNumberAtHome(
            DayContext day, SplittableRandom rng, int victim, long time) {
        Population population = day.population;
        for (int attempt = 0; attempt < OWNER_ATTEMPTS; attempt++) {
            int owner = rng.nextInt(population.size());
            Subscriber candidate = population.subscriber(owner);
            if (owner != victim
                    && !population.trips().roamingOnDay(candidate, day.epochDay)
                    && !population.churn().portedOutBy(candidate, time)) {
                return candidate.msisdn;
            }
        }
        return null;
    }
}
