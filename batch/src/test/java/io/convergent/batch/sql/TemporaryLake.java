package io.convergent.batch.sql;

import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.EventRowConverter;
import io.convergent.streaming.lake.LakeTables;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * A real Iceberg catalog for tests: the JDBC catalog on a SQLite file with its warehouse, both in a
 * directory the test owns, as {@code bin/convergent up} lays them out.
 */
public final class TemporaryLake {

    private final Map<String, String> properties;

    public TemporaryLake(Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        this.properties =
                Map.of(
                        CatalogProperties.CATALOG_IMPL,
                        JdbcCatalog.class.getName(),
                        CatalogProperties.URI,
                        "jdbc:sqlite:" + root.resolve("catalog.db"),
                        CatalogProperties.WAREHOUSE_LOCATION,
                        "file:" + root.resolve("warehouse"),
                        "jdbc.schema-version",
                        "V1");
    }

    public Map<String, String> properties() {
        return properties;
    }

    /** A batch SQL environment over this lake, with the immunity and statistics tables made. */
    public TableEnvironment sql() throws Exception {
        LakeTables.prepare(
                properties,
                catalog -> {
                    LakeTables.ensureImmunityTables(catalog);
                    LakeTables.ensureStatisticsTables(catalog);
                });
        Configuration configuration = new Configuration();
        configuration.setString("parallelism.default", "1");
        return LakeSql.batchEnvironment(properties, configuration);
    }

    /**
     * A local Flink cluster for every job of a test class, registered with
     * {@code @RegisterExtension}: starting one per job doubles a batch test's time.
     */
    public static MiniClusterExtension sharedCluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }

    /** Runs {@code query} and returns its rows. */
    public static List<Row> rows(TableEnvironment env, String query) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = env.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    /** Writes the events to their raw tables as the ingest does, through its row converter. */
    public static void writeToRawTables(Map<String, String> lake, List<InputEvent> all)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(1);
        for (InputTopic<?> topic : InputTopics.all()) {
            List<RowData> rows = rowsOf(topic, all);
            if (rows.isEmpty()) {
                continue;
            }
            String table = Tables.rawTableOf(topic.name()).orElseThrow();
            FlinkSink.forRowData(
                            env.fromData(
                                    rows,
                                    InternalTypeInfo.of(
                                            FlinkSchemaUtil.convert(
                                                    io.convergent.streaming.lake.RawTable.forTopic(
                                                                    topic.name())
                                                            .schema()))))
                    .tableLoader(LakeTables.tableLoader(lake, table))
                    .append();
        }
        env.execute("raw tables for the test");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<RowData> rowsOf(InputTopic<?> topic, List<InputEvent> all) {
        EventRowConverter converter = new EventRowConverter(topic.schema());
        List<RowData> rows = new ArrayList<>();
        for (InputEvent event : all) {
            if (topic.type() == event.getClass()) {
                rows.add(converter.toRow((java.lang.Record) event));
            }
        }
        return rows;
    }

    /** Every row of the lake table {@code table} in the {@code convergent} namespace. */
    public static List<org.apache.iceberg.data.Record> tableRows(
            Map<String, String> lake, String table) throws Exception {
        List<org.apache.iceberg.data.Record> rows = new ArrayList<>();
        LakeTables.prepare(
                lake,
                catalog -> {
                    try (org.apache.iceberg.io.CloseableIterable<org.apache.iceberg.data.Record>
                            records =
                                    org.apache.iceberg.data.IcebergGenerics.read(
                                                    catalog.loadTable(
                                                            org.apache.iceberg.catalog
                                                                    .TableIdentifier.of(
                                                                    LakeTables.NAMESPACE, table)))
                                            .build()) {
                        records.forEach(r -> rows.add(r.copy()));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        return rows;
    }
}
