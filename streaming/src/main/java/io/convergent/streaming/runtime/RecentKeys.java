package io.convergent.streaming.runtime;

import io.convergent.common.hashing.Hashes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A probabilistic memory of the keys added in the last {@code period}, on the heap: it answers
 * "certainly not added" or "perhaps added". {@link FirstPerKey} asks it before its state, because
 * nearly every key it sees is new and a state lookup that misses costs a RocksDB {@code get}
 * through JNI (a fifth of the ingest's CPU in a profile, BENCHMARKS 2026-11-28).
 *
 * <p>The one promise: a key added at time {@code t} is answered "perhaps" at least until the clock
 * reads {@code t + period}. Keys live in two generations of bloom filters; every {@code period} and
 * {@link #CLOCK_SLACK} the current one becomes the previous one and the previous one is dropped, so
 * a key is forgotten between one and two such spans after it was added. The slack covers a wall
 * clock stepped back (NTP, a resumed VM) after the key was added. A clock that reads less than at
 * the last rotation rotates nothing, whatever it reads. A false "perhaps" only costs the state
 * lookup it would have cost anyway: about 1 % of new keys for each full slice probed, so up to ~10
 * % with both generations at five slices.
 *
 * <p>A generation grows by slices, each four times the keys of the one before, since how many keys
 * a period brings is not known in advance; a lookup probes one 32-byte block in every slice. A
 * generation that would grow past {@code maxBytes} stops recording and answers "perhaps" to every
 * key until it is dropped, which is slower, never wrong.
 *
 * <p>Not thread-safe: one instance per operator instance.
 */
public final class RecentKeys {

    /** Bits of filter per key at a slice's capacity: about 1 % false "perhaps". */
    static final int BITS_PER_KEY = 10;

    static final int FIRST_SLICE_KEYS = 1 << 16;

    private static final int GROWTH = 4;

    /** Parquet's split-block bloom filter salts: one bit in each of a block's eight words. */
    private static final int[] SALT = {
        0x47b6137b, 0x44974d91, 0x8824ad5b, 0xa2b7289d,
        0x705495c7, 0x2df1424b, 0x9efc4947, 0x5c6bfb31
    };

    /** How far back the clock may step without a key being forgotten early. */
    static final Duration CLOCK_SLACK = Duration.ofHours(1);

    /** A generation's span: the period, and the slack. */
    private final long spanMillis;

    private final long maxBytes;

    private Generation current;
    private Generation previous;
    private boolean started;
    private long currentSince;

    /**
     * @param period how long a key must be remembered at least
     * @param maxBytes the most one generation may hold; two generations are alive at a time
     */
    public RecentKeys(Duration period, long maxBytes) {
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the period must be positive, got " + period);
        }
        if (period.toMillis() == 0) {
            throw new IllegalArgumentException("the period must be at least 1 ms, got " + period);
        }
        if (maxBytes < minimumBytes()) {
            throw new IllegalArgumentException(
                    "maxBytes must hold one slice of "
                            + minimumBytes()
                            + " bytes, got "
                            + maxBytes);
        }
        this.spanMillis = period.plus(CLOCK_SLACK).toMillis();
        this.maxBytes = maxBytes;
        this.current = new Generation();
        this.previous = new Generation();
    }

    /**
     * A filter that remembers {@code keysInState}, the keys an operator's state holds when it opens
     * (after a restore or a rescale, those of the key groups it now owns), as keys added before
     * now: whether expired or not, since an expired one only costs a lookup.
     */
    public static RecentKeys ofKeysInState(
            Stream<String> keysInState, Duration period, long maxBytes, long nowMillis) {
        RecentKeys keys = new RecentKeys(period, maxBytes);
        // Their memory started before now, so it ends within a period from now.
        keysInState.forEach(key -> keys.addEarlier(hash(key), nowMillis));
        return keys;
    }

    /** The smallest {@code maxBytes} a filter takes: one slice of its first size. */
    public static long minimumBytes() {
        return sliceBytes(FIRST_SLICE_KEYS);
    }

    /** The hash both {@link #mightContain} and {@link #add} take: compute it once per key. */
    public static long hash(String key) {
        return Hashes.of(key);
    }

    /** False only when the key was certainly not added in the last {@code period} before now. */
    public boolean mightContain(long hash, long nowMillis) {
        rotateIfDue(nowMillis);
        return current.mightContain(hash) || previous.mightContain(hash);
    }

    /** Remembers the key from now on, for at least {@code period}. */
    public void add(long hash, long nowMillis) {
        rotateIfDue(nowMillis);
        current.add(hash);
    }

    /**
     * Remembers a key first seen before now, whose memory ends at the latest {@code period} after
     * now (a key restored from state): it goes straight to the previous generation, which leaves
     * the current one to the keys of the coming period.
     */
    public void addEarlier(long hash, long nowMillis) {
        rotateIfDue(nowMillis);
        previous.add(hash);
    }

    /** Bytes of filter held now, both generations. */
    public long bytes() {
        return current.bytes + previous.bytes;
    }

    private void rotateIfDue(long nowMillis) {
        if (!started) {
            started = true;
            currentSince = nowMillis;
        } else if (nowMillis > currentSince && nowMillis - currentSince >= spanMillis) {
            // (An overflowing difference is negative: no rotation, which is always safe.)
            // Every key of the previous generation was added before currentSince, so at least a
            // span ago. The current one's keys may be a moment old: they stay, one more span.
            previous = current;
            current = new Generation();
            currentSince = nowMillis;
        }
    }

    static long sliceBytes(long keys) {
        return keys * BITS_PER_KEY / 8;
    }

    private final class Generation {

        private final List<Slice> slices = new ArrayList<>();
        private long bytes;
        private boolean full;

        boolean mightContain(long hash) {
            if (full) {
                return true;
            }
            for (int i = 0; i < slices.size(); i++) {
                if (slices.get(i).mightContain(hash)) {
                    return true;
                }
            }
            return false;
        }

        void add(long hash) {
            if (full) {
                return;
            }
            Slice last = slices.isEmpty() ? null : slices.get(slices.size() - 1);
            if (last == null || last.keys >= last.capacity) {
                long capacity = last == null ? FIRST_SLICE_KEYS : last.capacity * GROWTH;
                if (bytes + sliceBytes(capacity) > maxBytes) {
                    full = true;
                    slices.clear();
                    bytes = 0;
                    return;
                }
                last = new Slice(capacity);
                slices.add(last);
                bytes += sliceBytes(capacity);
            }
            last.add(hash);
        }
    }

    /** One split-block bloom filter: 32-byte blocks, eight bits set per key, one per word. */
    private static final class Slice {

        private final long capacity;
        private final int[] words;
        private final long blocks;
        private long keys;

        Slice(long capacity) {
            this.capacity = capacity;
            this.words = new int[Math.toIntExact(sliceBytes(capacity) / Integer.BYTES)];
            this.blocks = words.length / SALT.length;
        }

        boolean mightContain(long hash) {
            int base = blockOf(hash);
            int key = (int) hash;
            for (int i = 0; i < SALT.length; i++) {
                if ((words[base + i] & (1 << ((key * SALT[i]) >>> 27))) == 0) {
                    return false;
                }
            }
            return true;
        }

        void add(long hash) {
            int base = blockOf(hash);
            int key = (int) hash;
            for (int i = 0; i < SALT.length; i++) {
                words[base + i] |= 1 << ((key * SALT[i]) >>> 27);
            }
            keys++;
        }

        private int blockOf(long hash) {
            // The high 32 bits pick the block (Lemire's multiply-shift range reduction).
            return (int) (((hash >>> 32) * blocks) >>> 32) * SALT.length;
        }
    }
}
