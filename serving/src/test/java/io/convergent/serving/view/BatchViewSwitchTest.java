package io.convergent.serving.view;

import static io.convergent.serving.testing.ServingFixture.CUTOFF;
import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.table.Tables;
import io.convergent.serving.testing.ServingFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.types.Types.NestedField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Swapping batch views: atomic, a bad version refused while the old one serves, restartable. */
class BatchViewSwitchTest {

    @TempDir Path dir;

    @Test
    void aNewViewSwapsInAndThePreviousIsKeptForRollback() throws IOException {
        try (ServingFixture fixture = new ServingFixture(dir)) {
            BatchViewSwitch views = fixture.views();
            fixture.writeView(dir.resolve("views").resolve("2"), 2, CUTOFF.plusDays(1));
            assertThat(views.install(dir.resolve("views").resolve("2"))).isTrue();
            assertThat(views.current().info().version()).isEqualTo(2);
            assertThat(views.current().info().cutoff()).isEqualTo(CUTOFF.plusDays(1));
            assertThat(views.previousInfo().orElseThrow().version()).isEqualTo(1);
            // The speed view keeps the days after the older cutoff, for a rollback to find.
            assertThat(views.coveredThroughDay()).isEqualTo(CUTOFF.toEpochDay());
            assertThat(views.rollback()).isTrue();
            assertThat(views.current().info().version()).isEqualTo(1);
            assertThat(views.coveredThroughDay()).isEqualTo(CUTOFF.toEpochDay());
            assertThat(Files.readString(dir.resolve("views").resolve("CURRENT"))).isEqualTo("1");
        }
    }

    @Test
    void viewsSharingABlockCacheAnswerAsViewsWithoutOneAcrossASwapAndARollback()
            throws IOException {
        String alice;
        String spammer;
        try (ServingFixture fixture = new ServingFixture(dir)) {
            fixture.writeView(dir.resolve("views").resolve("2"), 2, CUTOFF.plusDays(1));
            alice = fixture.alice;
            spammer = fixture.spammer;
        }
        Path views = dir.resolve("views");
        try (BatchViewSwitch plain = new BatchViewSwitch(views);
                BatchViewSwitch cached = new BatchViewSwitch(views, 1 << 20)) {
            plain.install(views.resolve("2"));
            cached.install(views.resolve("2"));
            assertSameAnswers(plain, cached, alice, spammer);
            plain.rollback();
            cached.rollback();
            assertThat(cached.current().info().version()).isEqualTo(1);
            assertSameAnswers(plain, cached, alice, spammer);
        }
    }

    private static void assertSameAnswers(
            BatchViewSwitch plain, BatchViewSwitch cached, String alice, String spammer) {
        long day = plain.current().info().cutoff().toEpochDay();
        assertThat(cached.current().fold(alice, day).orElseThrow().vector())
                .containsExactly(plain.current().fold(alice, day).orElseThrow().vector());
        assertThat(cached.current().reputation(spammer))
                .isEqualTo(plain.current().reputation(spammer));
        assertThat(cached.current().reputation(spammer)).isPresent();
    }

    @Test
    void aRolledBackVersionIsNotLoadedAgainEvenAfterARestartButANewerOneIs() throws IOException {
        try (ServingFixture fixture = new ServingFixture(dir)) {
            BatchViewSwitch views = fixture.views();
            fixture.writeView(dir.resolve("views").resolve("2"), 2, CUTOFF.plusDays(1));
            views.install(dir.resolve("views").resolve("2"));
            assertThat(views.rollback()).isTrue();
            // Version 2 is still the newest published: the next poll must not bring it back.
            assertThat(views.wanted(2)).isFalse();
            assertThat(views.wanted(3)).isTrue();
            // A failed load of something else does not make it forget.
            Path damaged = dir.resolve("views").resolve("9");
            Files.createDirectories(damaged);
            assertThat(views.install(damaged)).isFalse();
            assertThat(views.wanted(2)).isFalse();
        }
        try (BatchViewSwitch reopened = new BatchViewSwitch(dir.resolve("views"))) {
            assertThat(reopened.current().info().version()).isEqualTo(1);
            assertThat(reopened.wanted(2)).isFalse();
            assertThat(reopened.wanted(3)).isTrue();
        }
    }

    @Test
    void aPartialViewIsRefusedAndTheCurrentOneKeepsServing() throws IOException {
        try (ServingFixture fixture = new ServingFixture(dir)) {
            BatchViewSwitch views = fixture.views();
            Path partial = dir.resolve("views").resolve("2");
            try (var writer = io.convergent.serving.store.BatchViewStore.write(partial)) {
                writer.putModel(ServingFixture.model(CUTOFF));
                // Abandoned without finish(): the load died.
            }
            assertThat(Files.exists(partial)).isFalse();
            assertThat(Files.exists(dir.resolve("views").resolve("2.partial"))).isFalse();
            assertThat(views.install(partial)).isFalse();
            assertThat(views.lastRefusal().orElseThrow().reason()).contains("no batch view");
            assertThat(views.current().info().version()).isEqualTo(1);
        }
    }

    @Test
    void aDamagedViewIsRefusedWithTheReason() throws IOException {
        try (ServingFixture fixture = new ServingFixture(dir)) {
            Path damaged = dir.resolve("views").resolve("2");
            fixture.writeView(damaged, 2, CUTOFF.plusDays(1));
            try (Stream<Path> files = Files.list(damaged)) {
                for (Path sst : files.filter(p -> p.toString().endsWith(".sst")).toList()) {
                    Files.write(sst, new byte[] {1, 2, 3});
                }
            }
            assertThat(fixture.views().install(damaged)).isFalse();
            assertThat(fixture.views().lastRefusal().orElseThrow().reason())
                    .contains(damaged.toString());
            assertThat(fixture.views().current().info().version()).isEqualTo(1);
        }
    }

    @Test
    void aRestartServesTheViewCurrentNamesWithoutTheLake() throws IOException {
        try (ServingFixture fixture = new ServingFixture(dir)) {
            fixture.writeView(dir.resolve("views").resolve("2"), 2, CUTOFF.plusDays(1));
            fixture.views().install(dir.resolve("views").resolve("2"));
        }
        try (BatchViewSwitch reopened = new BatchViewSwitch(dir.resolve("views"))) {
            assertThat(reopened.current().info().version()).isEqualTo(2);
            assertThat(reopened.previousInfo().orElseThrow().version()).isEqualTo(1);
        }
    }

    /** The columns of {@code batch_views} the loader reads (the batch layer's table has these). */
    private static final Schema MANIFESTS =
            new Schema(
                    NestedField.required(1, "version", Types.LongType.get()),
                    NestedField.required(2, "cutoff_day", Types.DateType.get()),
                    NestedField.required(3, "published_at", Types.TimestampType.withZone()),
                    NestedField.required(4, "tag", Types.StringType.get()),
                    NestedField.required(
                            5,
                            "snapshots",
                            Types.MapType.ofRequired(
                                    6, 7, Types.StringType.get(), Types.LongType.get())),
                    NestedField.required(
                            8, "models", Types.ListType.ofRequired(9, Types.StringType.get())));

    @Test
    void whetherTheLakePublishedAViewIsReadFromItsCatalogAtEachRefresh() throws IOException {
        try (InMemoryCatalog catalog = new InMemoryCatalog();
                BatchViewSwitch views = new BatchViewSwitch(dir.resolve("views"))) {
            catalog.initialize("lake", Map.of());
            BatchViewLoader loader = new BatchViewLoader(catalog, 3);
            assertThat(views.lakePublishedNone()).as("before any refresh").isFalse();

            views.refresh(loader);
            assertThat(views.lakePublishedNone()).as("no manifest table yet").isTrue();

            catalog.createNamespace(Namespace.of("convergent"));
            Table manifests =
                    catalog.createTable(
                            TableIdentifier.of("convergent", Tables.BATCH_VIEWS), MANIFESTS);
            views.refresh(loader);
            assertThat(views.lakePublishedNone()).as("the table, empty").isTrue();

            GenericRecord row = GenericRecord.create(manifests.schema());
            row.setField("version", 1L);
            row.setField("cutoff_day", CUTOFF);
            row.setField(
                    "published_at", OffsetDateTime.of(2026, 11, 25, 3, 0, 0, 0, ZoneOffset.UTC));
            row.setField("tag", "view-1");
            row.setField("snapshots", Map.of());
            row.setField("models", List.of());
            OutputFile file =
                    manifests.io().newOutputFile(manifests.location() + "/data/1.parquet");
            FileAppender<org.apache.iceberg.data.Record> appender =
                    new GenericAppenderFactory(manifests.schema())
                            .newAppender(file, FileFormat.PARQUET);
            try (appender) {
                appender.add(row);
            }
            DataFile data =
                    DataFiles.builder(manifests.spec())
                            .withInputFile(file.toInputFile())
                            .withMetrics(appender.metrics())
                            .withFormat(FileFormat.PARQUET)
                            .build();
            manifests.newAppend().appendFile(data).commit();

            // Published: whether or not this view loads, the lake's history is no longer all live.
            views.refresh(loader);
            assertThat(views.lakePublishedNone()).as("a view published").isFalse();
        }
    }
}
