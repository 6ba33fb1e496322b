package io.convergent.common.identity;

import java.util.Arrays;

/**
 * One version of the secret both partners hash identifiers with. The secret never leaves this
 * object except into a {@link javax.crypto.Mac}; {@link #toString()} shows the version only.
 */
public final class PseudonymKey {

    /** HMAC-SHA256 keys shorter than the hash output weaken it (RFC 2104, section 3). */
    public static final int MIN_SECRET_BYTES = 32;

    private final int version;
    private final byte[] secret;

    public PseudonymKey(int version, byte[] secret) {
        if (version < 1) {
            throw new IllegalArgumentException("key version must be positive, got " + version);
        }
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "key version "
                            + version
                            + " must have at least "
                            + MIN_SECRET_BYTES
                            + " bytes of secret, got "
                            + (secret == null ? 0 : secret.length));
        }
        this.version = version;
        this.secret = secret.clone();
    }

    public int version() {
        return version;
    }

    byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PseudonymKey other
                && version == other.version
                && Arrays.equals(secret, other.secret);
    }

    @Override
    public int hashCode() {
        return version;
    }

    @Override
    public String toString() {
        return "PseudonymKey[version=" + version + "]";
    }
}
