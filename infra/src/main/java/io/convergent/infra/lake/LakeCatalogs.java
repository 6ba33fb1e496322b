package io.convergent.infra.lake;

import io.convergent.common.lake.LocalLake;
import io.convergent.streaming.lake.LakeTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Iceberg catalog of a local data directory: a JDBC catalog on the SQLite file {@code
 * catalog.db}, named {@code lake}, with its warehouse under {@code warehouse/} and the namespace
 * {@code convergent}, so any engine that opens it sees {@code lake.convergent.<table>}.
 *
 * <p>{@link #properties} is the single place the catalog is described; Flink's Iceberg catalog and
 * any other engine take the same map.
 */
public final class LakeCatalogs {

    public static final String CATALOG_NAME = LocalLake.CATALOG_NAME;
    public static final Namespace NAMESPACE = LakeTables.NAMESPACE;
    public static final String CATALOG_DB_FILE = LocalLake.CATALOG_DB_FILE;
    public static final String WAREHOUSE_DIRECTORY = LocalLake.WAREHOUSE_DIRECTORY;

    private static final Logger LOG = LoggerFactory.getLogger(LakeCatalogs.class);

    private LakeCatalogs() {}

    /** The Iceberg catalog properties for the catalog in {@code dataDir} ({@link LocalLake}). */
    public static Map<String, String> properties(Path dataDir) {
        return LocalLake.catalogProperties(dataDir);
    }

    /**
     * Why the commands that read an existing lake cannot run on {@code dataDir}, or empty when it
     * holds one: they must not create an empty catalog where the user mistyped a path.
     */
    public static Optional<String> missingLake(Path dataDir) {
        if (Files.isRegularFile(dataDir.resolve(CATALOG_DB_FILE))) {
            return Optional.empty();
        }
        return Optional.of(
                "no lake in "
                        + dataDir
                        + " (no "
                        + CATALOG_DB_FILE
                        + "): run `convergent up --data-dir "
                        + dataDir
                        + "` first, or write a history into it with `convergent generate --lake "
                        + dataDir
                        + " ...`");
    }

    /** {@code jdbc:sqlite:<abs path>/catalog.db} for {@code dataDir}. */
    public static String jdbcUri(Path dataDir) {
        return LocalLake.jdbcUri(dataDir);
    }

    /** {@code file:<abs path>/warehouse} for {@code dataDir}. */
    public static String warehouseLocation(Path dataDir) {
        return LocalLake.warehouseLocation(dataDir);
    }

    /**
     * Opens the catalog in {@code dataDir}, creating the SQLite file, the warehouse directory and
     * the {@code convergent} namespace when they are missing; an existing catalog is kept as it is.
     */
    public static LakeCatalog open(Path dataDir) {
        Path root = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        try {
            Files.createDirectories(root.resolve(WAREHOUSE_DIRECTORY));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the warehouse in " + root, e);
        }
        Map<String, String> properties = properties(root);
        Catalog catalog =
                CatalogUtil.buildIcebergCatalog(
                        CATALOG_NAME, properties, LakeTables.hadoopConfiguration());
        LakeCatalog lake = new LakeCatalog(catalog, properties);
        try {
            LakeTables.ensureNamespace(catalog);
        } catch (RuntimeException e) {
            lake.close();
            throw e;
        }
        LOG.info(
                "Iceberg catalog {} at {} (warehouse {})",
                CATALOG_NAME,
                lake.uri(),
                lake.warehouse());
        return lake;
    }
}
