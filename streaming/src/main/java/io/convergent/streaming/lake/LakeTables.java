package io.convergent.streaming.lake;

import io.convergent.common.table.Tables;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the lake's Iceberg catalog from its properties (the same map in every engine) and creates
 * the tables the ingest writes when they are missing. An existing table is left as it is.
 */
public final class LakeTables {

    public static final String CATALOG_NAME = "lake";
    public static final Namespace NAMESPACE = Namespace.of(Tables.NAMESPACE);

    /**
     * Table properties of the ingest's tables: format v2, zstd Parquet, and metadata files pruned
     * as commits go (a streaming writer commits every checkpoint).
     */
    public static final Map<String, String> TABLE_PROPERTIES =
            Map.of(
                    TableProperties.FORMAT_VERSION,
                    "2",
                    TableProperties.PARQUET_COMPRESSION,
                    "zstd",
                    TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED,
                    "true",
                    TableProperties.METADATA_PREVIOUS_VERSIONS_MAX,
                    "20",
                    "parquet.enable.dictionary",
                    "false");

    private static final Logger LOG = LoggerFactory.getLogger(LakeTables.class);

    private static final Map<String, String> CATALOG_IMPL_BY_TYPE =
            Map.of(
                    "jdbc", "org.apache.iceberg.jdbc.JdbcCatalog",
                    "rest", "org.apache.iceberg.rest.RESTCatalog",
                    "hive", "org.apache.iceberg.hive.HiveCatalog",
                    "hadoop", "org.apache.iceberg.hadoop.HadoopCatalog");

    private LakeTables() {}

    /** A serialisable loader of the catalog, for Flink's Iceberg sinks and sources. */
    public static CatalogLoader catalogLoader(Map<String, String> properties) {
        return CatalogLoader.custom(
                CATALOG_NAME, properties, hadoopConfiguration(), catalogImpl(properties));
    }

    /**
     * The Hadoop configuration Iceberg's file IO runs with: {@code file:} paths go through {@link
     * NioLocalFileSystem}. Object stores and HDFS are untouched.
     */
    public static Configuration hadoopConfiguration() {
        Configuration configuration = new Configuration();
        configuration.set("fs.file.impl", NioLocalFileSystem.class.getName());
        configuration.setBoolean("fs.file.impl.disable.cache", false);
        return configuration;
    }

    public static TableLoader tableLoader(Map<String, String> properties, String table) {
        return TableLoader.fromCatalog(
                catalogLoader(properties), TableIdentifier.of(NAMESPACE, table));
    }

    public static Catalog openCatalog(Map<String, String> properties) {
        return catalogLoader(properties).loadCatalog();
    }

    /**
     * Opens the catalog {@code properties} describe, lets {@code prepare} create what it needs
     * (e.g. {@code LakeTables::ensureIngestTables}), and closes the catalog again.
     */
    public static void prepare(Map<String, String> properties, Consumer<Catalog> prepare)
            throws Exception {
        withCatalog(
                properties,
                catalog -> {
                    prepare.accept(catalog);
                    return null;
                });
    }

    /** Work done with an open catalog. */
    @FunctionalInterface
    public interface CatalogWork<T> {
        T apply(Catalog catalog) throws Exception;
    }

    /** Opens the catalog {@code properties} describe, does {@code work} with it, and closes it. */
    public static <T> T withCatalog(Map<String, String> properties, CatalogWork<T> work)
            throws Exception {
        Catalog catalog = openCatalog(properties);
        try {
            return work.apply(catalog);
        } finally {
            if (catalog instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /** Creates the namespace, the nine raw tables and {@code rejected_events} where missing. */
    public static void ensureIngestTables(Catalog catalog) {
        ensureNamespace(catalog);
        for (RawTable table : RawTable.all()) {
            ensureTable(catalog, table.name(), table.schema(), table.partitionSpec());
        }
        ensureTable(
                catalog,
                Tables.REJECTED_EVENTS,
                RejectedEventsTable.SCHEMA,
                RejectedEventsTable.PARTITION_SPEC);
    }

    /** Creates the namespace and {@code immunity_decisions} where missing. */
    public static void ensureImmunityTables(Catalog catalog) {
        ensureNamespace(catalog);
        ensureTable(
                catalog,
                Tables.IMMUNITY_DECISIONS,
                ImmunityDecisionsTable.SCHEMA,
                ImmunityDecisionsTable.PARTITION_SPEC);
        ensureTable(
                catalog,
                Tables.FRAUD_SIGNALS,
                FraudSignalsTable.SCHEMA,
                FraudSignalsTable.PARTITION_SPEC);
    }

    /** Creates {@code campaign_triggers} and {@code campaign_outcomes} where missing. */
    public static void ensureCampaignTables(Catalog catalog) {
        ensureNamespace(catalog);
        ensureTable(
                catalog,
                Tables.CAMPAIGN_TRIGGERS,
                CampaignTables.TRIGGERS_SCHEMA,
                CampaignTables.TRIGGERS_PARTITION_SPEC);
        ensureTable(
                catalog,
                Tables.CAMPAIGN_OUTCOMES,
                CampaignTables.OUTCOMES_SCHEMA,
                CampaignTables.OUTCOMES_PARTITION_SPEC);
    }

    /** Creates the {@code convergent} namespace when it is missing; an existing one is kept. */
    public static void ensureNamespace(Catalog catalog) {
        if (!(catalog instanceof SupportsNamespaces namespaces)) {
            throw new IllegalStateException(
                    "catalog " + catalog.name() + " does not support namespaces");
        }
        if (namespaces.namespaceExists(NAMESPACE)) {
            return;
        }
        try {
            namespaces.createNamespace(NAMESPACE);
            LOG.info("Created namespace {}.{}", CATALOG_NAME, NAMESPACE);
        } catch (AlreadyExistsException e) {
            // Another process created it between the check and the create: the goal is met.
            LOG.debug("Namespace {} created concurrently", NAMESPACE);
        }
    }

    /** Creates the namespace and {@code features_daily} where missing. */
    public static void ensureFeatureTables(Catalog catalog) {
        ensureNamespace(catalog);
        ensureTable(
                catalog,
                Tables.FEATURES_DAILY,
                FeaturesDailyTable.SCHEMA,
                FeaturesDailyTable.PARTITION_SPEC);
    }

    /**
     * Creates the namespace and the tables of the batch layer's models and view where missing:
     * {@code features_window}, {@code model_registry}, {@code model_scores}, {@code
     * caller_reputation}, {@code batch_views}.
     */
    public static void ensureModelTables(Catalog catalog) {
        ensureNamespace(catalog);
        ensureTable(
                catalog,
                Tables.FEATURES_WINDOW,
                ModelTables.FEATURES_WINDOW_SCHEMA,
                ModelTables.FEATURES_WINDOW_PARTITION_SPEC);
        ensureTable(
                catalog,
                Tables.MODEL_REGISTRY,
                ModelTables.REGISTRY_SCHEMA,
                ModelTables.REGISTRY_PARTITION_SPEC);
        ensureTable(
                catalog,
                Tables.MODEL_SCORES,
                ModelTables.SCORES_SCHEMA,
                ModelTables.SCORES_PARTITION_SPEC);
        ensureTable(
                catalog,
                Tables.CALLER_REPUTATION,
                CallerReputationTable.SCHEMA,
                CallerReputationTable.PARTITION_SPEC);
        ensureTable(
                catalog,
                Tables.BATCH_VIEWS,
                BatchViewsTable.SCHEMA,
                BatchViewsTable.PARTITION_SPEC);
    }

    /**
     * Creates the namespace and the statistics tables the batch layer recomputes from {@code
     * immunity_decisions} where missing.
     */
    public static void ensureStatisticsTables(Catalog catalog) {
        ensureNamespace(catalog);
        ensureTable(
                catalog,
                Tables.IMMUNITY_DAILY_STATS,
                ImmunityStatisticsTables.DAILY_SCHEMA,
                ImmunityStatisticsTables.DAILY_PARTITION_SPEC);
        ensureTable(
                catalog,
                Tables.IMMUNITY_HINTS_MONTHLY,
                ImmunityStatisticsTables.HINTS_MONTHLY_SCHEMA,
                ImmunityStatisticsTables.HINTS_MONTHLY_PARTITION_SPEC);
    }

    /**
     * Creates the table when it is missing. An existing one keeps its data; columns the declaration
     * gained since it was created are appended (they are optional, so old rows read them as null),
     * which lets a new release write to a table an older one made.
     */
    private static void ensureTable(
            Catalog catalog, String name, Schema schema, PartitionSpec spec) {
        TableIdentifier id = TableIdentifier.of(NAMESPACE, name);
        if (catalog.tableExists(id)) {
            evolve(catalog.loadTable(id), schema);
            return;
        }
        try {
            catalog.createTable(id, schema, spec, TABLE_PROPERTIES);
            LOG.info("Created table {}.{}", CATALOG_NAME, id);
        } catch (AlreadyExistsException e) {
            LOG.debug("Table {} created concurrently", id);
        }
    }

    /**
     * Brings an existing table up to its declaration without touching its data: columns declared
     * since are appended, and columns the declaration now allows to be empty are made optional.
     * Nothing is ever dropped, narrowed or made required.
     */
    private static void evolve(Table table, Schema declared) {
        Schema current = table.schema();
        boolean missing =
                declared.columns().stream().anyMatch(c -> current.findField(c.name()) == null);
        List<String> relaxed =
                declared.columns().stream()
                        .filter(Types.NestedField::isOptional)
                        .map(Types.NestedField::name)
                        .filter(
                                name ->
                                        current.findField(name) != null
                                                && current.findField(name).isRequired())
                        .toList();
        if (!missing && relaxed.isEmpty()) {
            return;
        }
        UpdateSchema update = table.updateSchema();
        if (missing) {
            update.unionByNameWith(declared);
        }
        relaxed.forEach(update::makeColumnOptional);
        update.commit();
        LOG.info(
                "Evolved {}: {} columns, made optional: {}",
                table.name(),
                table.schema().columns().size(),
                relaxed);
    }

    private static String catalogImpl(Map<String, String> properties) {
        String impl = properties.get(CatalogProperties.CATALOG_IMPL);
        if (impl != null) {
            return impl;
        }
        String type = properties.getOrDefault(CatalogUtil.ICEBERG_CATALOG_TYPE, "");
        String byType = CATALOG_IMPL_BY_TYPE.get(type);
        if (byType == null) {
            throw new IllegalArgumentException(
                    "the lake catalog needs catalog-impl or a type of "
                            + CATALOG_IMPL_BY_TYPE.keySet()
                            + ", got "
                            + (type.isEmpty() ? "neither" : "type '" + type + "'"));
        }
        return byType;
    }
}
