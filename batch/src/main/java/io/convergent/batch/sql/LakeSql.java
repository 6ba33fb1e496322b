package io.convergent.batch.sql;

import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.LakeTables;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.catalog.Catalog;
import org.apache.iceberg.flink.FlinkCatalogFactory;

/**
 * Flink SQL in batch mode over the lake: the Iceberg catalog is registered as {@code lake} and is
 * the current catalog, {@code convergent} the current database, so a query names a table as {@code
 * raw_calls} or {@code lake.convergent.raw_calls}. The session time zone is UTC, the zone of every
 * table's day partitions.
 */
public final class LakeSql {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LakeSql.class);

    private LakeSql() {}

    /** A batch table environment over the catalog {@code catalogProperties} describe. */
    public static TableEnvironment batchEnvironment(
            Map<String, String> catalogProperties, Configuration configuration) {
        Configuration settings = new Configuration(configuration);
        settings.set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        TableEnvironment env =
                TableEnvironment.create(
                        EnvironmentSettings.newInstance()
                                .inBatchMode()
                                .withConfiguration(settings)
                                .build());
        env.registerCatalog(LakeTables.CATALOG_NAME, lakeCatalog(catalogProperties));
        env.useCatalog(LakeTables.CATALOG_NAME);
        env.useDatabase(Tables.NAMESPACE);
        return env;
    }

    /**
     * Closes the lake catalog of an environment {@link #batchEnvironment} made ({@code null}:
     * none). Flink's {@link TableEnvironment} has no close of its own, and Iceberg's JDBC catalog
     * holds a connection to the catalog database from its start until it is closed: a process that
     * makes an environment now and then (`up`'s periodic statistics) would gather them.
     */
    public static void close(TableEnvironment env) {
        if (env == null) {
            return;
        }
        try {
            env.getCatalog(LakeTables.CATALOG_NAME).ifPresent(Catalog::close);
        } catch (RuntimeException e) {
            // Closed in finally blocks: a failure here must not hide the one that got there.
            LOG.warn("Could not close the lake catalog: {}", e.toString());
        }
    }

    /**
     * Iceberg's Flink catalog over our catalog properties, with the Hadoop configuration every
     * other reader and writer of the lake uses ({@link LakeTables#hadoopConfiguration}).
     */
    static Catalog lakeCatalog(Map<String, String> catalogProperties) {
        Map<String, String> properties = new HashMap<>(catalogProperties);
        properties.put(FlinkCatalogFactory.DEFAULT_DATABASE, Tables.NAMESPACE);
        return new LakeCatalogFactory()
                .create(LakeTables.CATALOG_NAME, properties, LakeTables.hadoopConfiguration());
    }

    /**
     * Opens {@link FlinkCatalogFactory#createCatalog(String, Map,
     * org.apache.hadoop.conf.Configuration)}.
     */
    private static final class LakeCatalogFactory extends FlinkCatalogFactory {
        Catalog create(
                String name,
                Map<String, String> properties,
                org.apache.hadoop.conf.Configuration hadoopConfiguration) {
            return createCatalog(name, properties, hadoopConfiguration);
        }
    }
}
