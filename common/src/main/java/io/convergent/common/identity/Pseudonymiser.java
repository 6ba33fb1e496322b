package io.convergent.common.identity;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Replaces a raw identifier with a keyed pseudonym: HMAC-SHA256 under a versioned secret over the
 * identifier's kind tag and canonical form ({@link Identifiers}).
 *
 * <p>A pseudonym reads {@code k<version>.<22 base64url characters>}: the first 128 bits of the HMAC
 * (RFC 2104 allows truncation to half the output; 128 bits keep collisions out of reach at any
 * subscriber count). The version prefix tells which key made it, so data written before a rotation
 * stays explainable. The same input under the same key always gives the same pseudonym, which is
 * what lets telco and bank records join without either side revealing a number.
 *
 * <p>Thread-safe.
 */
public final class Pseudonymiser {

    private final PseudonymKeyRing keys;
    private final Identifiers identifiers;
    private final VersionedMac current;

    public Pseudonymiser(PseudonymKeyRing keys, Identifiers identifiers) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.identifiers = Objects.requireNonNull(identifiers, "identifiers");
        this.current = new VersionedMac(keys.current());
    }

    /**
     * The platform's pseudonymiser: the keys from {@code environment} ({@link
     * PseudonymKeyRing#load}) or else {@code defaultKeyFile}, and the numbering plan of the
     * operator's market.
     *
     * @throws IllegalStateException naming the source when no key is found or a key is malformed
     */
    public static Pseudonymiser load(Map<String, String> environment, Path defaultKeyFile) {
        return new Pseudonymiser(
                PseudonymKeyRing.load(environment, defaultKeyFile), Identifiers.russian());
    }

    /** The version of the key new pseudonyms are made with. */
    public int currentKeyVersion() {
        return current.version;
    }

    public Identifiers identifiers() {
        return identifiers;
    }

    /**
     * The pseudonym of {@code raw} under the current key, after normalisation.
     *
     * @throws InvalidIdentifierException when {@code raw} is not an identifier of {@code kind}
     */
    public String pseudonymise(IdentifierKind kind, String raw) {
        return current.pseudonym(kind, canonical(kind, raw));
    }

    /**
     * The pseudonym of {@code raw} under the key of {@code keyVersion}, for lookups during a
     * rotation.
     */
    public String pseudonymise(IdentifierKind kind, String raw, int keyVersion) {
        String canonical = canonical(kind, raw);
        if (keyVersion == current.version) {
            return current.pseudonym(kind, canonical);
        }
        return new VersionedMac(keys.version(keyVersion)).pseudonym(kind, canonical);
    }

    /**
     * The pseudonym of a value already in canonical form (as the event validator stores it),
     * without normalising again: the ingest hot path. A service address where a number may stand
     * ({@code svc:900}, see {@link ServiceAddresses}) is no person's and is returned as it is.
     */
    public String pseudonymiseCanonical(IdentifierKind kind, String canonical) {
        if (kind == IdentifierKind.MSISDN && ServiceAddresses.isServiceAddress(canonical)) {
            return canonical;
        }
        return current.pseudonym(kind, canonical);
    }

    /** Whether {@code value} has the shape of a pseudonym this class makes. */
    public static boolean isPseudonym(String value) {
        return keyVersionOf(value) > 0;
    }

    /** The key version a pseudonym was made with, or {@code -1} if it is not a pseudonym. */
    public static int keyVersionOf(String pseudonym) {
        if (pseudonym == null || pseudonym.length() < 4 || pseudonym.charAt(0) != 'k') {
            return -1;
        }
        int dot = pseudonym.indexOf('.');
        if (dot < 2 || pseudonym.length() - dot - 1 != 22) {
            return -1;
        }
        for (int i = dot + 1; i < pseudonym.length(); i++) {
            if (!isBase64Url(pseudonym.charAt(i))) {
                return -1;
            }
        }
        int version = 0;
        for (int i = 1; i < dot; i++) {
            char c = pseudonym.charAt(i);
            if (c < '0' || c > '9' || version > 100_000_000) {
                return -1;
            }
            version = version * 10 + (c - '0');
        }
        return version;
    }

    private static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_';
    }

    @Override
    public String toString() {
        return "Pseudonymiser[keyVersion=" + current.version + "]";
    }

    private String canonical(IdentifierKind kind, String raw) {
        String canonical = identifiers.canonical(kind, raw);
        if (canonical == null) {
            throw new InvalidIdentifierException(kind);
        }
        return canonical;
    }

    /** One key's keyed hash and the pseudonym prefix of its version. */
    private static final class VersionedMac {
        private static final byte[] BASE64URL_ALPHABET =
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                        .getBytes(StandardCharsets.US_ASCII);

        private final int version;
        private final byte[] prefix;
        private final KeyedHash hash;

        VersionedMac(PseudonymKey key) {
            this.version = key.version();
            this.prefix = ("k" + version + ".").getBytes(StandardCharsets.US_ASCII);
            this.hash = new KeyedHash(key.secret());
        }

        String pseudonym(IdentifierKind kind, String canonical) {
            String tag = kind.tag();
            // Canonical forms are ASCII, so one byte per char; no encoder on the hot path.
            byte[] input = new byte[tag.length() + 1 + canonical.length()];
            copyAscii(tag, input, 0);
            input[tag.length()] = ':';
            copyAscii(canonical, input, tag.length() + 1);
            byte[] mac = hash.mac(input);
            // base64url of the first 16 bytes, unpadded: 22 characters.
            byte[] out = Arrays.copyOf(prefix, prefix.length + 22);
            int o = prefix.length;
            for (int i = 0; i < 15; i += 3) {
                int bits = (mac[i] & 0xFF) << 16 | (mac[i + 1] & 0xFF) << 8 | (mac[i + 2] & 0xFF);
                out[o++] = BASE64URL_ALPHABET[bits >>> 18];
                out[o++] = BASE64URL_ALPHABET[(bits >>> 12) & 0x3F];
                out[o++] = BASE64URL_ALPHABET[(bits >>> 6) & 0x3F];
                out[o++] = BASE64URL_ALPHABET[bits & 0x3F];
            }
            int last = mac[15] & 0xFF;
            out[o++] = BASE64URL_ALPHABET[last >>> 2];
            out[o] = BASE64URL_ALPHABET[(last & 0x03) << 4];
            return new String(out, StandardCharsets.ISO_8859_1);
        }
    }

    private static void copyAscii(String s, byte[] target, int offset) {
        for (int i = 0; i < s.length(); i++) {
            target[offset + i] = (byte) s.charAt(i);
        }
    }
}
