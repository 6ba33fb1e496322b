package io.convergent.infra.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeCatalogsIT {

    private static final Schema SCHEMA =
            new Schema(
                    Types.NestedField.required(1, "subscriber_id", Types.StringType.get()),
                    Types.NestedField.required(2, "event_time", Types.LongType.get()));

    @TempDir Path dataDir;

    @Test
    void createsTheCatalogTheWarehouseAndTheNamespace() {
        try (LakeCatalog lake = LakeCatalogs.open(dataDir)) {
            assertThat(lake.catalog().name()).isEqualTo("lake");
            assertThat(
                            ((SupportsNamespaces) lake.catalog())
                                    .namespaceExists(LakeCatalogs.NAMESPACE))
                    .isTrue();
            assertThat(lake.uri())
                    .isEqualTo("jdbc:sqlite:" + dataDir.toAbsolutePath() + "/catalog.db");
            assertThat(lake.warehouse())
                    .isEqualTo("file:" + dataDir.toAbsolutePath() + "/warehouse");
        }
        assertThat(dataDir.resolve("catalog.db")).isRegularFile();
        assertThat(dataDir.resolve("warehouse")).isDirectory();
    }

    @Test
    void reopeningKeepsTheNamespaceAndItsTables() {
        TableIdentifier table = TableIdentifier.of(LakeCatalogs.NAMESPACE, "reopen_check");
        try (LakeCatalog lake = LakeCatalogs.open(dataDir)) {
            lake.catalog().createTable(table, SCHEMA);
        }

        try (LakeCatalog reopened = LakeCatalogs.open(dataDir)) {
            assertThat(((SupportsNamespaces) reopened.catalog()).listNamespaces())
                    .containsExactly(LakeCatalogs.NAMESPACE);
            assertThat(reopened.catalog().tableExists(table)).isTrue();
            assertThat(reopened.catalog().loadTable(table).location())
                    .startsWith("file:" + dataDir.toAbsolutePath() + "/warehouse/convergent/");
        }
    }

    @Test
    void propertiesNameTheJdbcCatalogOnSqlite() {
        assertThat(LakeCatalogs.properties(dataDir))
                .containsEntry("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog")
                .containsEntry("uri", "jdbc:sqlite:" + dataDir.toAbsolutePath() + "/catalog.db")
                .containsEntry("jdbc.schema-version", "V1");
    }
}
