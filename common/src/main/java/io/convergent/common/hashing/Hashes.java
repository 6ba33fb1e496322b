package io.convergent.common.hashing;

/** Non-cryptographic 64-bit hashing for in-memory sketches and filters; never for identifiers. */
public final class Hashes {

    private Hashes() {}

    /** MurmurHash3's 64-bit finaliser: spreads every input bit over the whole word. */
    public static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * A 64-bit hash of every UTF-16 unit of {@code text}: FNV-1a, then {@link #mix}. Unlike {@code
     * String.hashCode}, all 64 bits depend on every character, so a filter can use the high and the
     * low half independently.
     */
    public static long of(CharSequence text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        return mix(h);
    }
}
