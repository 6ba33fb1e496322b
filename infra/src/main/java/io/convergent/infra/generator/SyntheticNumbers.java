package io.convergent.infra.generator;

import io.convergent.common.identity.Identifiers;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.numbering.NumberRange;
import io.convergent.common.numbering.NumberingPlan;
import java.math.BigInteger;
import java.util.List;

/**
 * Makes the synthetic identifiers of a run: phone numbers from the ranges of the numbering plan,
 * IMSIs, Luhn-valid IMEIs and card numbers, accounts, customer and device ids. Everything is a pure
 * function of the seed and an index, so no table of issued numbers is kept.
 *
 * <p>Our subscribers' numbers fill <em>slots</em>: the first {@link #slotCount()} numbers of our
 * ranges, interleaved across the ranges, about {@value #SLOT_DENSITY} of them in use. An affine
 * bijection scatters subscribers over the slots and can be inverted, so a mass dialler working
 * through consecutive numbers finds out which of them ring one of our subscribers.
 */
final class SyntheticNumbers {

    /** Partitions of the numbers of another operator, so the roles never share a number. */
    static final int CONTACTS = 0; // partitions 0-4

    static final int SPAMMERS = 5;
    static final int FRAUDSTERS = 6;
    static final int BULK_CALLERS = 7;
    static final int FORWARDING_TARGETS = 8;
    static final int SPOOF_SOURCES = 9;

    static final double SLOT_DENSITY = 0.7;

    private static final int E164_RUSSIAN_LENGTH = 12; // "+7" and ten digits
    private static final int FOREIGN_LENGTH = 12;
    private static final long BILLION = 1_000_000_000L;
    private static final String[] TACS = {
        "35332510",
        "35391110",
        "86769204",
        "35467811",
        "35847631",
        "86011204",
        "35290611",
        "35925406",
        "86458603",
        "35695011"
    };

    private final long seed;
    private final List<String> ourPrefixes;
    private final List<String> domesticMobilePrefixes;
    private final List<String> unallocatedPrefixes;
    private final List<NumberRange> foreignRanges;
    private final int subscribers;
    private final long slots;
    private final long slotMultiplier;
    private final long slotInverse;
    private final long slotOffset;
    private final long identityMultiplier;

    SyntheticNumbers(NumberingPlan plan, long seed, int subscribers) {
        this.seed = seed;
        this.subscribers = subscribers;
        this.ourPrefixes = prefixes(plan, NumberCategory.OURS);
        this.domesticMobilePrefixes = prefixes(plan, NumberCategory.DOMESTIC_MOBILE);
        this.unallocatedPrefixes =
                plan.ranges(NumberCategory.UNALLOCATED).stream()
                        .map(NumberRange::prefix)
                        .filter(p -> p.startsWith("+7"))
                        .toList();
        this.foreignRanges =
                plan.ranges(NumberCategory.FOREIGN).stream().filter(r -> r.mcc() > 0).toList();
        if (ourPrefixes.isEmpty()
                || domesticMobilePrefixes.isEmpty()
                || unallocatedPrefixes.isEmpty()
                || foreignRanges.isEmpty()) {
            throw new IllegalArgumentException(
                    "the numbering plan needs OURS, DOMESTIC_MOBILE, UNALLOCATED and FOREIGN"
                            + " ranges with an MCC");
        }
        long perPrefix = Long.MAX_VALUE;
        for (String prefix : ourPrefixes) {
            perPrefix = Math.min(perPrefix, pow10(E164_RUSSIAN_LENGTH - prefix.length()));
        }
        long capacity = perPrefix * ourPrefixes.size();
        long wanted = Math.max(subscribers + 1L, (long) Math.ceil(subscribers / SLOT_DENSITY));
        if (wanted > capacity) {
            throw new IllegalArgumentException(
                    "our ranges hold "
                            + capacity
                            + " numbers, too few for "
                            + subscribers
                            + " subscribers");
        }
        this.slots = wanted;
        java.util.SplittableRandom rng = Seeds.random(seed, Seeds.NUMBER, 0, 0);
        long multiplier = rng.nextLong(1, slots) | 1;
        while (BigInteger.valueOf(multiplier).gcd(BigInteger.valueOf(slots)).intValue() != 1) {
            multiplier = multiplier % slots + 1;
        }
        this.slotMultiplier = multiplier;
        this.slotInverse =
                BigInteger.valueOf(multiplier).modInverse(BigInteger.valueOf(slots)).longValue();
        this.slotOffset = rng.nextLong(slots);
        // Odd and not a multiple of 5: a bijection on [0, 10^9), so identities never collide.
        long identity = rng.nextLong(BILLION) | 1;
        if (identity % 5 == 0) {
            identity += 2;
        }
        this.identityMultiplier = identity;
    }

    long slotCount() {
        return slots;
    }

    long slotOf(int subscriber) {
        return Math.floorMod(slotMultiplier * subscriber + slotOffset, slots);
    }

    /** The subscriber whose number fills {@code slot}, or -1 when the number is not in use. */
    int subscriberAt(long slot) {
        if (slot < 0 || slot >= slots) {
            return -1;
        }
        long index = Math.floorMod(Math.multiplyExact(slotInverse, slot - slotOffset), slots);
        return index < subscribers ? (int) index : -1;
    }

    /** The number in {@code slot} of our ranges. */
    String ourNumber(long slot) {
        String prefix = ourPrefixes.get((int) (slot % ourPrefixes.size()));
        return pad(prefix, slot / ourPrefixes.size(), E164_RUSSIAN_LENGTH);
    }

    /** A number of another domestic mobile operator in one of the partitions above. */
    String domesticMobile(int partition, long key) {
        long h = Seeds.mix(key ^ seed);
        String prefix =
                domesticMobilePrefixes.get(
                        (int) Math.floorMod(h, (long) domesticMobilePrefixes.size()));
        return partitioned(prefix, partition, h >>> 8);
    }

    /** A fixed-line number under {@code prefix} in one of the partitions above. */
    String fixedLine(String prefix, int partition, long key) {
        return partitioned(prefix, partition, Seeds.mix(key ^ seed ^ 0x5EED) >>> 8);
    }

    /** A number of a range no operator holds: no legitimate call comes from it. */
    String unallocated(long key) {
        long h = Seeds.mix(key ^ seed ^ 0xDEAD);
        String prefix =
                unallocatedPrefixes.get((int) Math.floorMod(h, (long) unallocatedPrefixes.size()));
        return pad(
                prefix,
                Math.floorMod(h >>> 8, pow10(E164_RUSSIAN_LENGTH - prefix.length())),
                E164_RUSSIAN_LENGTH);
    }

    List<NumberRange> foreignRanges() {
        return foreignRanges;
    }

    /** A number of the country of {@code range}. */
    String foreign(NumberRange range, long key) {
        long h = Seeds.mix(key ^ seed ^ 0xF0F0);
        long space = pow10(FOREIGN_LENGTH - range.prefix().length());
        // A leading zero after the country code is a trunk prefix, not a number.
        long national = space / 10 + Math.floorMod(h, space - space / 10);
        return pad(range.prefix(), national, FOREIGN_LENGTH);
    }

    /** The IMSI of a subscriber's SIM; each SIM swap moves to the next generation. */
    String imsi(int subscriber, int generation) {
        return "25062" + (generation % 10) + nineDigits(identity(subscriber, 1));
    }

    /** A 15-digit, Luhn-valid IMEI of a subscriber's handset of the given generation. */
    String imei(int subscriber, int generation) {
        long h = Seeds.of(seed, Seeds.IDENTITY, subscriber, 100 + generation);
        String tac = TACS[(int) Math.floorMod(h, (long) TACS.length)];
        return Identifiers.withLuhnCheckDigit(tac + pad("", Math.floorMod(h >>> 8, 1_000_000L), 6));
    }

    /** A handset the subscriber never owned (a fraudster's). */
    String foreignImei(long key) {
        return imei(-1 - (int) Math.floorMod(key, (long) Integer.MAX_VALUE), 0);
    }

    /** A 16-digit, Luhn-valid card number (a Mir-like BIN). */
    String cardNumber(int subscriber) {
        return Identifiers.withLuhnCheckDigit("220070" + nineDigits(identity(subscriber, 2)));
    }

    /** A 20-digit domestic account number (balance account 40817, roubles 810). */
    String accountNumber(int subscriber) {
        return "40817810500" + nineDigits(identity(subscriber, 3));
    }

    /** An account at any bank: beneficiaries, mules. */
    String otherAccount(long key) {
        long h = Seeds.mix(key ^ seed ^ 0xACC7);
        return "40817810" + pad("", Math.floorMod(h, 1_000_000_000_000L), 12);
    }

    String customerId(int subscriber) {
        return "C" + nineDigits(identity(subscriber, 4));
    }

    /** The bank's fingerprint of a device a customer uses; generations follow new phones. */
    String deviceId(int subscriber, int generation) {
        return "dev-" + Long.toHexString(Seeds.of(seed, Seeds.IDENTITY, subscriber, generation));
    }

    /** A device the customer never used. */
    String unknownDeviceId(long key) {
        return "dev-" + Long.toHexString(Seeds.of(seed, Seeds.IDENTITY, -1, key));
    }

    private long identity(int subscriber, int kind) {
        // A bijection of the index on [0, 10^9), offset per kind: distinct subscribers never share.
        return Math.floorMod(identityMultiplier * (subscriber + 7_919L * kind), BILLION);
    }

    private static String nineDigits(long value) {
        return pad("", value, 9);
    }

    private static String partitioned(String prefix, int partition, long hash) {
        long space = pow10(E164_RUSSIAN_LENGTH - prefix.length());
        long part = space / 10;
        return pad(prefix, partition * part + Math.floorMod(hash, part), E164_RUSSIAN_LENGTH);
    }

    private static String pad(String prefix, long value, int length) {
        String digits = Long.toString(value);
        int zeros = length - prefix.length() - digits.length();
        if (zeros < 0) {
            throw new IllegalStateException(
                    "value does not fit in " + (length - prefix.length()) + " digits");
        }
        StringBuilder out = new StringBuilder(length).append(prefix);
        for (int i = 0; i < zeros; i++) {
            out.append('0');
        }
        return out.append(digits).toString();
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }

    private static List<String> prefixes(NumberingPlan plan, NumberCategory category) {
        return plan.ranges(category).stream().map(NumberRange::prefix).toList();
    }
}
