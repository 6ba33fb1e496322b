package io.convergent.batch.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.batch.sql.TemporaryLake;
import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.LakeTables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing batch views on a real catalog: versions count up, each names the snapshot of every
 * written table and tags it, and a reader of the latest view keeps seeing it whole while the batch
 * layer writes on.
 */
class BatchViewsTest {

    private static final LocalDate CUTOFF = LocalDate.parse("2026-11-20");

    @TempDir Path directory;

    private Catalog catalog;

    @BeforeEach
    void lake() throws Exception {
        Map<String, String> properties = new TemporaryLake(directory).properties();
        LakeTables.prepare(
                properties,
                c -> {
                    LakeTables.ensureFeatureTables(c);
                    LakeTables.ensureModelTables(c);
                });
        catalog = LakeTables.openCatalog(properties);
    }

    @AfterEach
    void close() throws Exception {
        if (catalog instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void aViewNamesAndTagsTheSnapshotOfEveryWrittenTable() throws Exception {
        BatchViews views = new BatchViews(catalog);
        assertThat(views.latest()).isEmpty();
        writeScores(3);

        BatchViews.Manifest view = views.publish(CUTOFF, List.of("churn@2026-11-20.abcd1234"));

        Table scores = table(Tables.MODEL_SCORES);
        assertThat(view.version()).isEqualTo(1);
        assertThat(view.cutoff()).isEqualTo(CUTOFF);
        assertThat(view.tag()).isEqualTo("batch-view-1");
        // Tables never written have no snapshot and are left out.
        assertThat(view.snapshots())
                .containsExactly(
                        Map.entry(Tables.MODEL_SCORES, scores.currentSnapshot().snapshotId()));
        assertThat(scores.refs().get("batch-view-1").snapshotId())
                .isEqualTo(scores.currentSnapshot().snapshotId());
        assertThat(views.latest()).contains(view);
        assertThat(views.scoredVersions(CUTOFF)).containsExactly("churn@v");
        assertThat(views.scoredVersions(CUTOFF.plusDays(1))).isEmpty();
    }

    @Test
    void anEarlierCutoffThanThePublishedOneIsRefusedAndTheSameCutoffIsANewVersion()
            throws Exception {
        BatchViews views = new BatchViews(catalog);
        writeScores(2);
        BatchViews.Manifest served = views.publish(CUTOFF, List.of());

        // A re-run of a past day must not take serving back to that day.
        assertThatThrownBy(() -> views.publish(CUTOFF.minusDays(5), List.of()))
                .isInstanceOf(BatchViews.CutoffBehindException.class)
                .hasMessageContaining("view 1 already covers up to 2026-11-20")
                .hasMessageContaining("batch run --day 2026-11-20 --steps publish_view");
        assertThat(views.latest()).contains(served);

        // The same cutoff again (a re-run healed it), and a later one, are published.
        assertThat(views.publish(CUTOFF, List.of()).version()).isEqualTo(2);
        assertThat(views.publish(CUTOFF.plusDays(1), List.of()).version()).isEqualTo(3);
    }

    @Test
    void aReaderOfTheLatestViewSeesItWholeWhileTheBatchLayerWritesOn() throws Exception {
        BatchViews views = new BatchViews(catalog);
        writeScores(3);
        views.publish(CUTOFF, List.of());

        writeScores(5); // the next run, half way
        BatchViews.Manifest latest = views.latest().orElseThrow();

        assertThat(latest.version()).isEqualTo(1);
        assertThat(rowsAt(Tables.MODEL_SCORES, latest.snapshots().get(Tables.MODEL_SCORES)))
                .isEqualTo(3);
        BatchViews.Manifest next = views.publish(CUTOFF.plusDays(1), List.of());
        assertThat(next.version()).isEqualTo(2);
        assertThat(rowsAt(Tables.MODEL_SCORES, next.snapshots().get(Tables.MODEL_SCORES)))
                .isEqualTo(8);
    }

    private Table table(String name) {
        return catalog.loadTable(TableIdentifier.of(LakeTables.NAMESPACE, name));
    }

    private long rowsAt(String name, long snapshotId) throws Exception {
        long rows = 0;
        try (CloseableIterable<Record> records =
                IcebergGenerics.read(table(name)).useSnapshot(snapshotId).build()) {
            for (Record ignored : records) {
                rows++;
            }
        }
        return rows;
    }

    /** Appends {@code n} scores of day CUTOFF and model "churn" in one commit. */
    private void writeScores(int n) throws Exception {
        Table table = table(Tables.MODEL_SCORES);
        GenericRecord template = GenericRecord.create(table.schema());
        template.setField("as_of_day", CUTOFF);
        template.setField("model", "churn");
        template.setField("version", "v");
        PartitionKey key = new PartitionKey(table.spec(), table.schema());
        key.partition(new InternalRecordWrapper(table.schema().asStruct()).wrap(template));
        OutputFile file =
                table.io()
                        .newOutputFile(
                                table.locationProvider()
                                        .newDataLocation(
                                                table.spec(), key, UUID.randomUUID() + ".parquet"));
        FileAppender<Record> appender =
                new GenericAppenderFactory(table.schema(), table.spec())
                        .newAppender(file, FileFormat.PARQUET);
        try (appender) {
            for (int i = 0; i < n; i++) {
                Record row = template.copy();
                row.setField("subscriber", "k1.s" + i);
                row.setField("score", i / 10.0);
                appender.add(row);
            }
        }
        DataFile dataFile =
                DataFiles.builder(table.spec())
                        .withInputFile(file.toInputFile())
                        .withFormat(FileFormat.PARQUET)
                        .withPartition(key)
                        .withMetrics(appender.metrics())
                        .build();
        table.newAppend().appendFile(dataFile).commit();
    }
}
