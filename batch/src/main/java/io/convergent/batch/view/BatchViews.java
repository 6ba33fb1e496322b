package io.convergent.batch.view;

import io.convergent.batch.lake.RecordFiles;
import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.LakeTables;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Publishes the batch view: the batch layer's outputs as of a cutoff day, immutable and versioned.
 * Publishing tags the current snapshot of each of the view's tables ({@code batch-view-<version>}),
 * then appends the manifest row to {@code batch_views} in one commit: that commit is the moment the
 * view exists. A reader takes the latest manifest and reads each table at the snapshot it names (or
 * by the tag), so it sees the view whole, whatever the batch layer writes meanwhile.
 */
public final class BatchViews {

    /** The tables a batch view is made of. */
    public static final List<String> VIEW_TABLES =
            List.of(
                    Tables.FEATURES_DAILY,
                    Tables.FEATURES_WINDOW,
                    Tables.CALLER_REPUTATION,
                    Tables.MODEL_REGISTRY,
                    Tables.MODEL_SCORES);

    /** A published view: its version, cutoff, tag, the snapshot of each table, the models. */
    public record Manifest(
            long version,
            LocalDate cutoff,
            OffsetDateTime publishedAt,
            String tag,
            Map<String, Long> snapshots,
            List<String> models) {}

    private final Catalog catalog;

    public BatchViews(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Publishing {@code cutoff} would take serving back in time: a view with a later cutoff is
     * published. Serving takes the newest version whatever its cutoff, and has already dropped the
     * speed view's tiles up to the later cutoff, so the days between would vanish from its answers.
     */
    public static final class CutoffBehindException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        private final LocalDate cutoff;
        private final Manifest published;

        CutoffBehindException(LocalDate cutoff, Manifest published) {
            super(
                    "view "
                            + published.version()
                            + " already covers up to "
                            + published.cutoff()
                            + ", and a view of "
                            + cutoff
                            + " would drop the days after it from serving; to serve what this run"
                            + " recomputed, publish again at that cutoff: batch run --day "
                            + published.cutoff()
                            + " --steps publish_view");
            this.cutoff = cutoff;
            this.published = published;
        }

        public LocalDate cutoff() {
            return cutoff;
        }

        public Manifest published() {
            return published;
        }
    }

    /**
     * Publishes the view of {@code cutoff}: the tables as they are now. A table never written yet
     * (no snapshot) is left out of the manifest, which a reader takes as empty. The same cutoff
     * again is a new version (a re-run healed it); an earlier one is refused.
     *
     * @param models the model versions that scored the cutoff day, as {@code model@version}
     * @throws CutoffBehindException when a view with a later cutoff is published
     */
    public Manifest publish(LocalDate cutoff, List<String> models) throws IOException {
        Table manifests = table(Tables.BATCH_VIEWS);
        Optional<Manifest> latest = latest();
        if (latest.isPresent() && latest.get().cutoff().isAfter(cutoff)) {
            throw new CutoffBehindException(cutoff, latest.get());
        }
        long version = latest.map(m -> m.version() + 1).orElse(1L);
        String tag = "batch-view-" + version;
        Map<String, Long> snapshots = new LinkedHashMap<>();
        for (String name : VIEW_TABLES) {
            Table table = table(name);
            Snapshot current = table.currentSnapshot();
            if (current == null) {
                continue;
            }
            if (table.refs().containsKey(tag)) {
                // Left by a publish that failed before its manifest: this version is ours now.
                table.manageSnapshots().replaceTag(tag, current.snapshotId()).commit();
            } else {
                table.manageSnapshots().createTag(tag, current.snapshotId()).commit();
            }
            snapshots.put(name, current.snapshotId());
        }
        Manifest manifest =
                new Manifest(
                        version,
                        cutoff,
                        // Iceberg keeps microseconds.
                        OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS),
                        tag,
                        snapshots,
                        List.copyOf(models));
        append(manifests, manifest);
        return manifest;
    }

    /**
     * The model versions whose scores {@code model_scores} holds for {@code day}, as model@version.
     */
    public List<String> scoredVersions(LocalDate day) throws IOException {
        java.util.TreeSet<String> versions = new java.util.TreeSet<>();
        try (CloseableIterable<Record> rows =
                IcebergGenerics.read(table(Tables.MODEL_SCORES))
                        .select("model", "version")
                        .where(Expressions.equal("as_of_day", day.toString()))
                        .build()) {
            for (Record row : rows) {
                versions.add(row.getField("model") + "@" + row.getField("version"));
            }
        }
        return List.copyOf(versions);
    }

    /** The view published last, if any. */
    public Optional<Manifest> latest() throws IOException {
        Table manifests = table(Tables.BATCH_VIEWS);
        Manifest latest = null;
        try (CloseableIterable<Record> rows = IcebergGenerics.read(manifests).build()) {
            for (Record row : rows) {
                Manifest m = fromRow(row);
                if (latest == null || m.version() > latest.version()) {
                    latest = m;
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    private Table table(String name) {
        Table table = catalog.loadTable(TableIdentifier.of(LakeTables.NAMESPACE, name));
        table.refresh();
        return table;
    }

    private static void append(Table table, Manifest m) throws IOException {
        GenericRecord row = GenericRecord.create(table.schema());
        row.setField("version", m.version());
        row.setField("cutoff_day", m.cutoff());
        row.setField("published_at", m.publishedAt());
        row.setField("tag", m.tag());
        row.setField("snapshots", m.snapshots());
        row.setField("models", m.models());
        DataFile dataFile = RecordFiles.write(table, List.of(row), "view-" + m.version());
        table.newAppend().appendFile(dataFile).commit();
    }

    @SuppressWarnings("unchecked")
    private static Manifest fromRow(Record row) {
        return new Manifest(
                (Long) row.getField("version"),
                (LocalDate) row.getField("cutoff_day"),
                (OffsetDateTime) row.getField("published_at"),
                (String) row.getField("tag"),
                new LinkedHashMap<>((Map<String, Long>) row.getField("snapshots")),
                new ArrayList<>((List<String>) row.getField("models")));
    }
}
