package io.convergent.common.features;

import io.convergent.common.hashing.Hashes;
import java.util.Arrays;

/**
 * A HyperLogLog sketch of how many distinct values were seen, in {@value #REGISTERS} one-byte
 * registers: mergeable, so a day's sketches add up to a week's or a quarter's count, with a
 * standard error of about 1.04 / sqrt(registers), 9 %. Exact below a few dozen values (linear
 * counting), which is where most subscribers' daily counts lie.
 *
 * <p>Static methods over a plain {@code byte[]}, so the registers live in a Flink POJO or an
 * Iceberg binary column without a wrapper.
 */
public final class DistinctSketch {

    /** Registers per sketch: a power of two. */
    public static final int REGISTERS = 128;

    private static final int INDEX_BITS = Integer.numberOfTrailingZeros(REGISTERS);
    private static final double ALPHA = 0.7213 / (1 + 1.079 / REGISTERS);

    private DistinctSketch() {}

    public static byte[] empty() {
        return new byte[REGISTERS];
    }

    /** Records {@code value} in {@code registers}. */
    public static void add(byte[] registers, String value) {
        long hash = Hashes.mix(value.hashCode() * 0x9E3779B97F4A7C15L + value.length());
        int index = (int) (hash >>> (64 - INDEX_BITS));
        // The rank of the first one-bit in the remaining bits (a run of zeros is a rarer event).
        int rank = Long.numberOfLeadingZeros((hash << INDEX_BITS) | (1L << (INDEX_BITS - 1))) + 1;
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    /** Folds {@code other} into {@code into}: the sketch of the union. */
    public static void merge(byte[] into, byte[] other) {
        for (int i = 0; i < REGISTERS; i++) {
            if (other[i] > into[i]) {
                into[i] = other[i];
            }
        }
    }

    /** The estimated number of distinct values added. */
    public static long estimate(byte[] registers) {
        double sum = 0;
        int zeros = 0;
        for (byte register : registers) {
            sum += 1.0 / (1L << register);
            if (register == 0) {
                zeros++;
            }
        }
        double raw = ALPHA * REGISTERS * REGISTERS / sum;
        if (raw <= 2.5 * REGISTERS && zeros > 0) {
            return Math.round(REGISTERS * Math.log((double) REGISTERS / zeros));
        }
        return Math.round(raw);
    }

    public static boolean isEmpty(byte[] registers) {
        return Arrays.equals(registers, new byte[REGISTERS]);
    }
}
