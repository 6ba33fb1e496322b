package io.convergent.common.identity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The versioned pseudonymisation keys: the current one, used for new pseudonyms, and the older ones
 * still needed to look up data written under them during a rotation.
 *
 * <p>Sources, first match wins ({@link #load(Map, Path)}):
 *
 * <ol>
 *   <li>{@value #KEY_ENV}: one key as {@code <version>:<base64 secret>};
 *   <li>{@value #KEY_FILE_ENV}: the path of a key file;
 *   <li>the default key file (the data dir's {@code secrets/pseudonym.keys}).
 * </ol>
 *
 * A key file is a Java properties file: {@code current=<version>} and one {@code
 * key.<version>=<base64 secret>} per version. Keys never come from the repository.
 */
public final class PseudonymKeyRing {

    public static final String KEY_ENV = "CONVERGENT_PSEUDONYM_KEY";
    public static final String KEY_FILE_ENV = "CONVERGENT_PSEUDONYM_KEY_FILE";

    static final String CURRENT_PROPERTY = "current";
    static final String KEY_PROPERTY_PREFIX = "key.";

    private final Map<Integer, PseudonymKey> keysByVersion;
    private final PseudonymKey current;

    public PseudonymKeyRing(Map<Integer, PseudonymKey> keysByVersion, int currentVersion) {
        Objects.requireNonNull(keysByVersion, "keysByVersion");
        this.keysByVersion = Collections.unmodifiableMap(new TreeMap<>(keysByVersion));
        this.current = this.keysByVersion.get(currentVersion);
        if (current == null) {
            throw new IllegalArgumentException(
                    "current key version "
                            + currentVersion
                            + " is not among the keys, which have versions "
                            + this.keysByVersion.keySet());
        }
        keysByVersion.forEach(
                (version, key) -> {
                    if (key.version() != version) {
                        throw new IllegalArgumentException(
                                "key listed as version "
                                        + version
                                        + " carries version "
                                        + key.version());
                    }
                });
    }

    /** A ring of one key, current. */
    public static PseudonymKeyRing of(PseudonymKey key) {
        return new PseudonymKeyRing(Map.of(key.version(), key), key.version());
    }

    /**
     * Loads the keys from the environment, or else from {@code defaultKeyFile}.
     *
     * @throws IllegalStateException naming the source when no key is found or a key is malformed
     */
    public static PseudonymKeyRing load(Map<String, String> environment, Path defaultKeyFile) {
        String inline = environment.get(KEY_ENV);
        if (inline != null && !inline.isBlank()) {
            return of(parseInline(inline.trim()));
        }
        String file = environment.get(KEY_FILE_ENV);
        if (file != null && !file.isBlank()) {
            return readFile(Path.of(file.trim()));
        }
        if (defaultKeyFile != null && Files.exists(defaultKeyFile)) {
            return readFile(defaultKeyFile);
        }
        throw new IllegalStateException(
                "no pseudonymisation key: set "
                        + KEY_ENV
                        + " or "
                        + KEY_FILE_ENV
                        + (defaultKeyFile == null ? "" : ", or create " + defaultKeyFile)
                        + " (bin/convergent up creates one for a local data dir)");
    }

    /** Reads a key file in the format described on this class. */
    public static PseudonymKeyRing readFile(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read key file " + file + ": " + e, e);
        }
        Map<Integer, PseudonymKey> keys = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            if (name.startsWith(KEY_PROPERTY_PREFIX)) {
                int version =
                        parseVersion(
                                name.substring(KEY_PROPERTY_PREFIX.length()), file + " " + name);
                keys.put(
                        version,
                        new PseudonymKey(
                                version, decode(properties.getProperty(name), file + " " + name)));
            } else if (!name.equals(CURRENT_PROPERTY)) {
                // Never echo the name: a secret pasted on a line of its own parses as one.
                String shown =
                        name.matches("[a-z][a-z.]{0,15}[0-9]*") ? "'" + name + "'" : "(not shown)";
                throw new IllegalStateException(
                        "key file " + file + " has an unknown property " + shown);
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("key file " + file + " holds no key.<version> entry");
        }
        String current = properties.getProperty(CURRENT_PROPERTY);
        int currentVersion =
                current == null
                        ? ((TreeMap<Integer, PseudonymKey>) keys).lastKey()
                        : parseVersion(current.trim(), file + " " + CURRENT_PROPERTY);
        try {
            return new PseudonymKeyRing(keys, currentVersion);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("key file " + file + ": " + e.getMessage(), e);
        }
    }

    public PseudonymKey current() {
        return current;
    }

    /** The key of {@code version}, or an exception naming the versions held. */
    public PseudonymKey version(int version) {
        PseudonymKey key = keysByVersion.get(version);
        if (key == null) {
            throw new IllegalArgumentException(
                    "no pseudonymisation key of version "
                            + version
                            + "; held: "
                            + keysByVersion.keySet());
        }
        return key;
    }

    public Map<Integer, PseudonymKey> all() {
        return keysByVersion;
    }

    @Override
    public String toString() {
        return "PseudonymKeyRing[current="
                + current.version()
                + ", versions="
                + keysByVersion.keySet()
                + "]";
    }

    private static PseudonymKey parseInline(String value) {
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new IllegalStateException(
                    KEY_ENV + " must be <version>:<base64 secret>, got a value without a version");
        }
        int version = parseVersion(value.substring(0, colon), KEY_ENV);
        return new PseudonymKey(version, decode(value.substring(colon + 1), KEY_ENV));
    }

    private static int parseVersion(String text, String source) {
        try {
            int version = Integer.parseInt(text);
            if (version < 1) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            // The text is not shown: a secret in the wrong place would land in a log.
            throw new IllegalStateException(source + ": key version must be a positive integer");
        }
    }

    private static byte[] decode(String base64, String source) {
        try {
            byte[] secret = Base64.getDecoder().decode(base64.trim());
            if (secret.length < PseudonymKey.MIN_SECRET_BYTES) {
                throw new IllegalStateException(
                        source
                                + ": secret must be at least "
                                + PseudonymKey.MIN_SECRET_BYTES
                                + " bytes, got "
                                + secret.length);
            }
            return secret;
        } catch (IllegalArgumentException e) {
            // Never echo the value: it is the secret.
            throw new IllegalStateException(source + ": secret is not valid base64");
        }
    }
}
