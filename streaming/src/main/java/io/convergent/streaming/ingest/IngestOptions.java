package io.convergent.streaming.ingest;

import io.convergent.streaming.runtime.FirstPerKey;
import io.convergent.streaming.runtime.OptionValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
 *   <tr><td>{@code convergent.ingest.dedup-filter-max}</td><td>{@code 32 mb}: heap per generation
 *       (two alive) of each de-duplication subtask's in-heap filter of recent event ids, outside
 *       Flink's managed memory; {@code 0} turns it off (every event reads RocksDB)</td></tr>
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
        long dedupFilterMaxBytes,
        boolean tableMaintenance,
        int compactionCommits,
        Duration snapshotMaxAge,
        Duration maintenanceRateLimit) {

    public static final String BOOTSTRAP_SERVERS = OptionValues.BOOTSTRAP_SERVERS;
    public static final String LAKE_PREFIX = OptionValues.LAKE_PREFIX;
    public static final String KEY_FILE = OptionValues.KEY_FILE;
    public static final String SECTION = "convergent.ingest.";
    public static final String GROUP_ID = "convergent.ingest.group-id";
    public static final String BOUNDED = "convergent.ingest.bounded";
    public static final String MAX_OUT_OF_ORDERNESS = "convergent.ingest.max-out-of-orderness";

    /** How late an event may arrive and still be on time, unless configured. */
    public static final Duration DEFAULT_MAX_OUT_OF_ORDERNESS = Duration.ofMinutes(5);

    public static final String IDLENESS = "convergent.ingest.idleness";
    public static final String DEDUP_TTL = "convergent.ingest.dedup-ttl";
    public static final String DEDUP_FILTER_MAX = "convergent.ingest.dedup-filter-max";
    public static final String TABLE_MAINTENANCE = "convergent.ingest.table-maintenance";
    public static final String COMPACTION_COMMITS = "convergent.ingest.compaction-commits";
    public static final String SNAPSHOT_MAX_AGE = "convergent.ingest.snapshot-max-age";
    public static final String MAINTENANCE_RATE_LIMIT = "convergent.ingest.maintenance-rate-limit";

    public static final String DEFAULT_GROUP_ID = "convergent-ingest";

    private static final Set<String> KEYS =
            Set.of(
                    BOOTSTRAP_SERVERS,
                    KEY_FILE,
                    GROUP_ID,
                    BOUNDED,
                    MAX_OUT_OF_ORDERNESS,
                    IDLENESS,
                    DEDUP_TTL,
                    DEDUP_FILTER_MAX,
                    TABLE_MAINTENANCE,
                    COMPACTION_COMMITS,
                    SNAPSHOT_MAX_AGE,
                    MAINTENANCE_RATE_LIMIT);

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
        OptionValues.requirePositive(MAX_OUT_OF_ORDERNESS, maxOutOfOrderness, true);
        OptionValues.requirePositive(IDLENESS, idleness);
        OptionValues.requirePositive(DEDUP_TTL, dedupTtl);
        FirstPerKey.checkFilterMaxBytes(DEDUP_FILTER_MAX, dedupFilterMaxBytes);
        OptionValues.requirePositive(SNAPSHOT_MAX_AGE, snapshotMaxAge);
        OptionValues.requirePositive(MAINTENANCE_RATE_LIMIT, maintenanceRateLimit);
        if (compactionCommits < 1) {
            throw new IllegalArgumentException(
                    COMPACTION_COMMITS + " must be at least 1, got " + compactionCommits);
        }
    }

    /**
     * Options from flat keys. An unknown key of this job's section, of the shared Kafka and
     * pseudonym sections, or of no section is refused, so a misspelt option is not silently
     * ignored; other jobs' sections and keys outside {@code convergent.} (Flink's own) are left
     * alone ({@link OptionValues#refuseUnknown}).
     */
    public static IngestOptions fromMap(Map<String, String> settings) {
        OptionValues.refuseUnknown(settings, SECTION, KEYS);
        Map<String, String> catalog = OptionValues.catalogProperties(settings);
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
                OptionValues.bool(settings, BOUNDED, false),
                OptionValues.duration(settings, MAX_OUT_OF_ORDERNESS, DEFAULT_MAX_OUT_OF_ORDERNESS),
                OptionValues.duration(settings, IDLENESS, Duration.ofMinutes(1)),
                OptionValues.duration(settings, DEDUP_TTL, Duration.ofHours(24)),
                OptionValues.bytes(
                        settings, DEDUP_FILTER_MAX, FirstPerKey.DEFAULT_FILTER_MAX_BYTES),
                OptionValues.bool(settings, TABLE_MAINTENANCE, true),
                OptionValues.integer(settings, COMPACTION_COMMITS, 10),
                OptionValues.duration(settings, SNAPSHOT_MAX_AGE, Duration.ofHours(6)),
                OptionValues.duration(settings, MAINTENANCE_RATE_LIMIT, Duration.ofMinutes(1)));
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
        map.put(MAX_OUT_OF_ORDERNESS, OptionValues.format(maxOutOfOrderness));
        map.put(IDLENESS, OptionValues.format(idleness));
        map.put(DEDUP_TTL, OptionValues.format(dedupTtl));
        map.put(DEDUP_FILTER_MAX, Long.toString(dedupFilterMaxBytes));
        map.put(TABLE_MAINTENANCE, Boolean.toString(tableMaintenance));
        map.put(COMPACTION_COMMITS, Integer.toString(compactionCommits));
        map.put(SNAPSHOT_MAX_AGE, OptionValues.format(snapshotMaxAge));
        map.put(MAINTENANCE_RATE_LIMIT, OptionValues.format(maintenanceRateLimit));
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
                dedupFilterMaxBytes,
                tableMaintenance,
                compactionCommits,
                snapshotMaxAge,
                maintenanceRateLimit);
    }
}
