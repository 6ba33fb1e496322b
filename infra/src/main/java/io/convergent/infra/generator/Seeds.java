package io.convergent.infra.generator;

import java.util.SplittableRandom;

/**
 * Derives the seed of every random stream of the generator from the run's seed and the coordinates
 * of what the stream decides (a subscriber, a day, an event). Streams are never shared between
 * entities or days, so the output is the same whatever the number of threads and the order in which
 * they run, and one subscriber's day does not shift when another's changes.
 */
final class Seeds {

    // Domains keep the streams of different purposes apart: the same (a, b) under two domains
    // gives unrelated numbers.
    static final long POPULATION = 0x1A;
    static final long SUBSCRIBER_DAY = 0x2B;
    static final long EVENT = 0x3C;
    static final long TRIP = 0x4D;
    static final long CHURN = 0x5E;
    static final long SPAMMER = 0x6F;
    static final long SPAMMER_DAY = 0x70;
    static final long BULK_CALLER = 0x81;
    static final long BULK_CALLER_DAY = 0x92;
    static final long MALFORMED = 0xA3;
    static final long NUMBER = 0xB4;
    static final long IDENTITY = 0xC5;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    static long of(long seed, long domain, long a) {
        return mix(mix(seed * GOLDEN_GAMMA ^ domain) + a * GOLDEN_GAMMA);
    }

    static long of(long seed, long domain, long a, long b) {
        return mix(of(seed, domain, a) + b * GOLDEN_GAMMA);
    }

    static long of(long seed, long domain, long a, long b, long c) {
        return mix(of(seed, domain, a, b) + c * GOLDEN_GAMMA);
    }

    static SplittableRandom random(long seed, long domain, long a, long b) {
        return new SplittableRandom(of(seed, domain, a, b));
    }

    static SplittableRandom random(long seed, long domain, long a, long b, long c) {
        return new SplittableRandom(of(seed, domain, a, b, c));
    }

    /** A uniform number in [0, 1) that depends only on the coordinates. */
    static double unit(long seed, long domain, long a, long b) {
        return (of(seed, domain, a, b) >>> 11) * 0x1.0p-53;
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser, as in SplitMix64. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
