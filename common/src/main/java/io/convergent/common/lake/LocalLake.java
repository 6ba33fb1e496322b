package io.convergent.common.lake;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Iceberg catalog of a local data directory, described once for every process that opens it
 * (the launcher, Flink jobs, serving): a JDBC catalog on the SQLite file {@code catalog.db}, named
 * {@code lake}, its warehouse under {@code warehouse/}. Plain strings, so a process without the
 * Iceberg classes of the others can pass them on.
 */
public final class LocalLake {

    public static final String CATALOG_NAME = "lake";
    public static final String CATALOG_DB_FILE = "catalog.db";
    public static final String WAREHOUSE_DIRECTORY = "warehouse";

    private LocalLake() {}

    /** The Iceberg catalog properties for the catalog in {@code dataDir}. */
    public static Map<String, String> catalogProperties(Path dataDir) {
        Path root = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
        properties.put("uri", jdbcUri(root));
        properties.put("warehouse", warehouseLocation(root));
        // V1 adds view support; without it the catalog logs a warning on every open and a later
        // migration rewrites the schema under whoever holds the file then.
        properties.put("jdbc.schema-version", "V1");
        // "jdbc."-prefixed properties reach the SQLite driver. The launcher, Flink jobs, serving
        // and a SQL shell open the same file from several JVMs: wait for a lock instead of failing
        // with SQLITE_BUSY, and let readers proceed while one writer commits.
        properties.put("jdbc.busy_timeout", "30000");
        properties.put("jdbc.journal_mode", "WAL");
        return Collections.unmodifiableMap(properties);
    }

    /** {@code jdbc:sqlite:<abs path>/catalog.db} for {@code dataDir}. */
    public static String jdbcUri(Path dataDir) {
        return "jdbc:sqlite:" + dataDir.toAbsolutePath().normalize().resolve(CATALOG_DB_FILE);
    }

    /** {@code file:<abs path>/warehouse} for {@code dataDir}. */
    public static String warehouseLocation(Path dataDir) {
        return "file:" + dataDir.toAbsolutePath().normalize().resolve(WAREHOUSE_DIRECTORY);
    }
}
