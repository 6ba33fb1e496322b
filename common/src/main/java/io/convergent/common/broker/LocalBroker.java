package io.convergent.common.broker;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The Kafka broker of a local data directory, for the processes that follow it without having
 * started it ({@code serve --data-dir}): the one {@code up} last started there. {@code up} rewrites
 * the broker's {@code kafka/server.properties} on every start, so its advertised client listener is
 * where that broker was (or is) to be reached, on whatever port {@code up} was given.
 */
public final class LocalBroker {

    /** The broker's directory under a data directory. */
    public static final String DIRECTORY = "kafka";

    /** The broker's configuration in {@link #DIRECTORY}, written by each start. */
    public static final String SERVER_PROPERTIES = "server.properties";

    /** The broker's storage in {@link #DIRECTORY} (its {@code log.dirs}). */
    public static final String STORAGE = "data";

    /** Written into {@link #STORAGE} when it is formatted: the cluster's identity. */
    public static final String META_PROPERTIES = "meta.properties";

    private static final String CLIENT_LISTENER = "PLAINTEXT://";

    private LocalBroker() {}

    /**
     * {@code host:port} of the broker {@code up} last started in {@code dataDir}; empty when none
     * was ever started there (no {@code kafka/server.properties}, or no client listener in it).
     *
     * @throws IllegalArgumentException if the file is there but cannot be read
     */
    public static Optional<String> bootstrapServers(Path dataDir) {
        Path file =
                Objects.requireNonNull(dataDir, "dataDir")
                        .toAbsolutePath()
                        .normalize()
                        .resolve(DIRECTORY)
                        .resolve(SERVER_PROPERTIES);
        Optional<Properties> properties = read(file);
        if (properties.isEmpty()) {
            return Optional.empty();
        }
        String advertised = properties.get().getProperty("advertised.listeners", "");
        for (String listener : advertised.split(",")) {
            String trimmed = listener.trim();
            if (trimmed.startsWith(CLIENT_LISTENER)
                    && trimmed.length() > CLIENT_LISTENER.length()) {
                return Optional.of(trimmed.substring(CLIENT_LISTENER.length()));
            }
        }
        return Optional.empty();
    }

    /**
     * Where the cluster id of {@code dataDir}'s broker storage is kept ({@code
     * kafka/data/meta.properties}).
     */
    public static Path metaProperties(Path dataDir) {
        return Objects.requireNonNull(dataDir, "dataDir")
                .toAbsolutePath()
                .normalize()
                .resolve(DIRECTORY)
                .resolve(STORAGE)
                .resolve(META_PROPERTIES);
    }

    /**
     * The Kafka cluster id {@code dataDir}'s broker storage was formatted with: what the broker
     * {@code up} starts there reports as its cluster id, so a broker reporting another one at the
     * recorded address is not this directory's. Empty when the storage was never formatted.
     *
     * @throws IllegalArgumentException if the file is there but cannot be read
     */
    public static Optional<String> clusterId(Path dataDir) {
        return read(metaProperties(dataDir))
                .map(p -> p.getProperty("cluster.id", "").trim())
                .filter(id -> !id.isEmpty());
    }

    private static Optional<Properties> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return Optional.of(properties);
    }
}
