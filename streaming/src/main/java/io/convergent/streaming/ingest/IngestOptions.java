package io.convergent.streaming.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.util.TimeUtils;

/**
 * The ingest job's typed options, read from flat keys ({@code --key value} on the command line, or
 * a map). Checkpointing and the state backend are not here: they are Flink configuration ({@code
 * execution.checkpointing.*}, {@code state.backend.type}), set on the cluster or by the local
 * runner.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>{@code convergent.kafka.bootstrap-servers}</td><td>required</td></tr>
 *   <tr><td>{@code convergent.lake.<property>}</td><td>Iceberg catalog properties ({@code uri},
 *       {@code warehouse}, {@code catalog-impl}, ...); at least {@code uri}</td></tr>
 *   <tr><td>{@code convergent.pseudonym.key-file}</td><td>key file when the environment holds no
 *       key</td></tr>
 *   <tr><td>{@code convergent.ingest.group-id}</td><td>{@code convergent-ingest}</td></tr>
 *   <tr><td>{@code convergent.ingest.bounded}</td><td>{@code false}; {@code true} stops at the
 *       offsets that were latest at start (backfills, benchmarks)</td></tr>
 *   <tr><td>{@code convergent.ingest.max-out-of-orderness}</td><td>{@code 5 min}</td></tr>
 *   <tr><td>{@code convergent.ingest.idleness}</td><td>{@code 1 min}</td></tr>
 *   <tr><td>{@code convergent.ingest.dedup-ttl}</td><td>{@code 24 h}</td></tr>
 *   <tr><td>{@code convergent.ingest.table-maintenance}</td><td>{@code true}: compaction and
 *       snapshot expiry run inside the job after commits</td></tr>
 *   <tr><td>{@code convergent.ingest.compaction-commits}</td><td>{@code 10} commits of a table
 *       between compactions</td></tr>
 *   <tr><td>{@code convergent.ingest.snapshot-max-age}</td><td>{@code 6 h} of time travel kept
 *       on the raw tables</td></tr>
 *   <tr><td>{@code convergent.ingest.maintenance-rate-limit}</td><td>{@code 1 min}: at most one
 *       upkeep task per table in this time</td></tr>
 * </table>
 */
public record IngestOptions(
        String bootstrapServers,
        Map<String, String> catalogProperties,
        Path keyFile,
        String groupId,
        boolean bounded,
        Duration maxOutOfOrderness,
        Duration idleness,
        Duration dedupTtl,
        boolean tableMaintenance,
        int compactionCommits,
        Duration snapshotMaxAge,
        Duration maintenanceRateLimit) {

    public static final String BOOTSTRAP_SERVERS = "convergent.kafka.bootstrap-servers";
    public static final String LAKE_PREFIX = "convergent.lake.";
    public static final String KEY_FILE = "convergent.pseudonym.key-file";
    public static final String GROUP_ID = "convergent.ingest.group-id";
    public static final String BOUNDED = "convergent.ingest.bounded";
    public static final String MAX_OUT_OF_ORDERNESS = "convergent.ingest.max-out-of-orderness";
    public static final String IDLENESS = "convergent.ingest.idleness";
    public static final String DEDUP_TTL = "convergent.ingest.dedup-ttl";
    public static final String TABLE_MAINTENANCE = "convergent.ingest.table-maintenance";
    public static final String COMPACTION_COMMITS = "convergent.ingest.compaction-commits";
    public static final String SNAPSHOT_MAX_AGE = "convergent.ingest.snapshot-max-age";
    public static final String MAINTENANCE_RATE_LIMIT = "convergent.ingest.maintenance-rate-limit";

    public static final String DEFAULT_GROUP_ID = "convergent-ingest";

    public IngestOptions {
        Objects.requireNonNull(bootstrapServers, BOOTSTRAP_SERVERS);
        catalogProperties = Map.copyOf(catalogProperties);
        Objects.requireNonNull(groupId, GROUP_ID);
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(BOOTSTRAP_SERVERS + " must not be blank");
        }
        if (!catalogProperties.containsKey("uri")) {
            throw new IllegalArgumentException(
                    LAKE_PREFIX + "uri is required (the Iceberg catalog to write to)");
        }
        positive(MAX_OUT_OF_ORDERNESS, maxOutOfOrderness, true);
        positive(IDLENESS, idleness, false);
        positive(DEDUP_TTL, dedupTtl, false);
        positive(SNAPSHOT_MAX_AGE, snapshotMaxAge, false);
        positive(MAINTENANCE_RATE_LIMIT, maintenanceRateLimit, false);
        if (compactionCommits < 1) {
            throw new IllegalArgumentException(
                    COMPACTION_COMMITS + " must be at least 1, got " + compactionCommits);
        }
    }

    /**
     * Options from flat keys; unknown {@code convergent.*} keys are refused so a misspelt option is
     * not silently ignored. Keys outside {@code convergent.} (Flink's own) are left alone.
     */
    public static IngestOptions fromMap(Map<String, String> settings) {
        Map<String, String> catalog = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : settings.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith(LAKE_PREFIX)) {
                if (entry.getValue() == null) {
                    throw new IllegalArgumentException(key + " has no value");
                }
                catalog.put(key.substring(LAKE_PREFIX.length()), entry.getValue());
            } else if (key.startsWith("convergent.") && !isKnownKey(key)) {
                throw new IllegalArgumentException("unknown option " + key);
            }
        }
        String bootstrap = settings.get(BOOTSTRAP_SERVERS);
        if (bootstrap == null) {
            throw new IllegalArgumentException(BOOTSTRAP_SERVERS + " is required");
        }
        String keyFile = settings.get(KEY_FILE);
        return new IngestOptions(
                bootstrap,
                catalog,
                keyFile == null || keyFile.isBlank() ? null : Path.of(keyFile),
                settings.getOrDefault(GROUP_ID, DEFAULT_GROUP_ID),
                bool(settings, BOUNDED, false),
                duration(settings, MAX_OUT_OF_ORDERNESS, Duration.ofMinutes(5)),
                duration(settings, IDLENESS, Duration.ofMinutes(1)),
                duration(settings, DEDUP_TTL, Duration.ofHours(24)),
                bool(settings, TABLE_MAINTENANCE, true),
                integer(settings, COMPACTION_COMMITS, 10),
                duration(settings, SNAPSHOT_MAX_AGE, Duration.ofHours(6)),
                duration(settings, MAINTENANCE_RATE_LIMIT, Duration.ofMinutes(1)));
    }

    /** These options as flat keys: {@code fromMap(toMap())} gives them back. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(BOOTSTRAP_SERVERS, bootstrapServers);
        catalogProperties.forEach((k, v) -> map.put(LAKE_PREFIX + k, v));
        if (keyFile != null) {
            map.put(KEY_FILE, keyFile.toString());
        }
        map.put(GROUP_ID, groupId);
        map.put(BOUNDED, Boolean.toString(bounded));
        map.put(MAX_OUT_OF_ORDERNESS, TimeUtils.formatWithHighestUnit(maxOutOfOrderness));
        map.put(IDLENESS, TimeUtils.formatWithHighestUnit(idleness));
        map.put(DEDUP_TTL, TimeUtils.formatWithHighestUnit(dedupTtl));
        map.put(TABLE_MAINTENANCE, Boolean.toString(tableMaintenance));
        map.put(COMPACTION_COMMITS, Integer.toString(compactionCommits));
        map.put(SNAPSHOT_MAX_AGE, TimeUtils.formatWithHighestUnit(snapshotMaxAge));
        map.put(MAINTENANCE_RATE_LIMIT, TimeUtils.formatWithHighestUnit(maintenanceRateLimit));
        return map;
    }

    public IngestOptions withBounded(boolean value) {
        return new IngestOptions(
                bootstrapServers,
                catalogProperties,
                keyFile,
                groupId,
                value,
                maxOutOfOrderness,
                idleness,
                dedupTtl,
                tableMaintenance,
                compactionCommits,
                snapshotMaxAge,
                maintenanceRateLimit);
    }

    private static boolean isKnownKey(String key) {
        return key.equals(BOOTSTRAP_SERVERS)
                || key.equals(KEY_FILE)
                || key.equals(GROUP_ID)
                || key.equals(BOUNDED)
                || key.equals(MAX_OUT_OF_ORDERNESS)
                || key.equals(IDLENESS)
                || key.equals(DEDUP_TTL)
                || key.equals(TABLE_MAINTENANCE)
                || key.equals(COMPACTION_COMMITS)
                || key.equals(SNAPSHOT_MAX_AGE)
                || key.equals(MAINTENANCE_RATE_LIMIT);
    }

    private static Duration duration(Map<String, String> settings, String key, Duration fallback) {
        String value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return TimeUtils.parseDuration(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    key + " must be a duration such as '10 s' or '5 min', got '" + value + "'", e);
        }
    }

    private static boolean bool(Map<String, String> settings, String key, boolean fallback) {
        String value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
    }

    private static int integer(Map<String, String> settings, String key, int fallback) {
        String value = settings.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    key + " must be a whole number, got '" + value + "'");
        }
    }

    private static void positive(String key, Duration value, boolean zeroAllowed) {
        Objects.requireNonNull(value, key);
        if (value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new IllegalArgumentException(
                    key
                            + " must be "
                            + (zeroAllowed ? "zero or more" : "positive")
                            + ", got "
                            + value);
        }
    }
}
