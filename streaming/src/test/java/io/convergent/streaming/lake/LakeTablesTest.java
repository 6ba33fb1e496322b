package io.convergent.streaming.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.table.Tables;
import io.convergent.common.topic.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table creation on a real JDBC catalog, and what happens to a table an older release made. */
class LakeTablesTest {

    @TempDir Path directory;

    @Test
    void aTableMadeByAnOlderReleaseGainsTheNewColumnsAndKeepsItsOwn() throws Exception {
        Map<String, String> properties = catalogProperties();
        List<Types.NestedField> firstTwelve =
                ImmunityDecisionsTable.SCHEMA.columns().subList(0, 12);
        LakeTables.prepare(
                properties,
                catalog -> {
                    LakeTables.ensureNamespace(catalog);
                    catalog.createTable(
                            decisions(),
                            new Schema(firstTwelve),
                            ImmunityDecisionsTable.PARTITION_SPEC);
                });

        LakeTables.prepare(properties, LakeTables::ensureImmunityTables);

        LakeTables.prepare(
                properties,
                catalog -> {
                    Table table = catalog.loadTable(decisions());
                    assertThat(names(table.schema()))
                            .isEqualTo(names(ImmunityDecisionsTable.SCHEMA));
                    assertThat(table.schema().findField("hint_label").isOptional()).isTrue();
                    assertThat(table.spec().fields()).hasSize(1);
                });
    }

    @Test
    void aColumnTheDeclarationNowAllowsToBeEmptyIsMadeOptional() throws Exception {
        Map<String, String> properties = catalogProperties();
        RawTable calls = RawTable.forTopic(Topics.TELCO_CALLS);
        // As an older release made it: the A-number required.
        Schema older =
                new Schema(
                        calls.schema().columns().stream()
                                .map(
                                        c ->
                                                c.name().equals("calling_number")
                                                        ? Types.NestedField.required(
                                                                c.fieldId(),
                                                                c.name(),
                                                                c.type(),
                                                                c.doc())
                                                        : c)
                                .toList());
        LakeTables.prepare(
                properties,
                catalog -> {
                    LakeTables.ensureNamespace(catalog);
                    catalog.createTable(table(calls.name()), older, calls.partitionSpec());
                });

        LakeTables.prepare(properties, LakeTables::ensureIngestTables);

        LakeTables.prepare(
                properties,
                catalog -> {
                    Schema now = catalog.loadTable(table(calls.name())).schema();
                    assertThat(now.findField("calling_number").isOptional()).isTrue();
                    assertThat(now.findField("called_number").isRequired()).isTrue();
                });
    }

    @Test
    void ensuringTwiceChangesNothing() throws Exception {
        Map<String, String> properties = catalogProperties();
        LakeTables.prepare(properties, LakeTables::ensureStatisticsTables);

        LakeTables.prepare(properties, LakeTables::ensureStatisticsTables);

        LakeTables.prepare(
                properties,
                catalog -> {
                    Table table = catalog.loadTable(table(Tables.IMMUNITY_DAILY_STATS));
                    assertThat(table.schemas()).hasSize(1);
                    assertThat(catalog.tableExists(table(Tables.IMMUNITY_HINTS_MONTHLY))).isTrue();
                });
    }

    private static List<String> names(Schema schema) {
        return schema.columns().stream().map(Types.NestedField::name).collect(Collectors.toList());
    }

    private static TableIdentifier decisions() {
        return table(Tables.IMMUNITY_DECISIONS);
    }

    private static TableIdentifier table(String name) {
        return TableIdentifier.of(LakeTables.NAMESPACE, name);
    }

    private Map<String, String> catalogProperties() {
        return Map.of(
                CatalogProperties.CATALOG_IMPL,
                JdbcCatalog.class.getName(),
                CatalogProperties.URI,
                "jdbc:sqlite:" + directory.resolve("catalog.db"),
                CatalogProperties.WAREHOUSE_LOCATION,
                "file:" + directory.resolve("warehouse"),
                "jdbc.schema-version",
                "V1");
    }
}
