package io.convergent.serving.view;

import io.convergent.common.features.DailyTile;
import io.convergent.common.features.FeatureCatalog;
import io.convergent.common.models.ScoringModel;
import io.convergent.common.table.Tables;
import io.convergent.serving.store.BatchViewStore;
import io.convergent.serving.store.ViewInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a published batch view from the lake, each table at the snapshot its manifest names, into a
 * new {@link BatchViewStore}: the window folds of every subscriber as of the cutoff and the {@code
 * daysServed - 1} days after it (from the {@code features_daily} tiles of the 90 days up to the
 * cutoff), the callers' reputation as of the cutoff, and the scoring trees of the models that
 * scored it. No engine: Iceberg's generic reader.
 */
public final class BatchViewLoader {

    private static final Logger LOG = LoggerFactory.getLogger(BatchViewLoader.class);
    private static final Namespace NAMESPACE = Namespace.of("convergent");
    private static final int LONGEST_WINDOW = FeatureCatalog.LONGEST_WINDOW;

    private final Catalog catalog;
    private final int daysServed;

    public BatchViewLoader(Catalog catalog, int daysServed) {
        this.catalog = catalog;
        if (daysServed < 1 || daysServed > 30) {
            throw new IllegalArgumentException("days served must be 1 to 30, got " + daysServed);
        }
        this.daysServed = daysServed;
    }

    /** The manifest published last, if any view was published. */
    @SuppressWarnings("unchecked")
    public Optional<Manifest> latest() throws IOException {
        TableIdentifier id = TableIdentifier.of(NAMESPACE, Tables.BATCH_VIEWS);
        if (!catalog.tableExists(id)) {
            return Optional.empty();
        }
        Table table = catalog.loadTable(id);
        Manifest latest = null;
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table).build()) {
            for (Record row : rows) {
                long version = (Long) row.getField("version");
                if (latest == null || version > latest.version()) {
                    latest =
                            new Manifest(
                                    version,
                                    (LocalDate) row.getField("cutoff_day"),
                                    (OffsetDateTime) row.getField("published_at"),
                                    (String) row.getField("tag"),
                                    new LinkedHashMap<>(
                                            (Map<String, Long>) row.getField("snapshots")),
                                    new ArrayList<>((List<String>) row.getField("models")));
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    /** Loads {@code manifest}'s view into {@code directory}, replacing whatever is there. */
    public ViewInfo load(Manifest manifest, Path directory) throws IOException {
        long started = System.nanoTime();
        try (BatchViewStore.Writer writer = BatchViewStore.write(directory)) {
            long tiles = writeFolds(manifest, writer);
            writeReputation(manifest, writer);
            List<String> models = writeModels(manifest, writer);
            ViewInfo info =
                    writer.finish(
                            manifest.version(),
                            manifest.cutoff(),
                            manifest.publishedAt(),
                            daysServed,
                            models);
            LOG.info(
                    "Batch view {} (cutoff {}) loaded in {} s: {} tiles, {} subscribers, {}"
                            + " callers, {} models",
                    info.version(),
                    info.cutoff(),
                    String.format("%.1f", (System.nanoTime() - started) / 1e9),
                    tiles,
                    info.subscribers(),
                    info.callers(),
                    models.size());
            return info;
        }
    }

    private long writeFolds(Manifest manifest, BatchViewStore.Writer writer) throws IOException {
        Long snapshot = manifest.snapshots().get(Tables.FEATURES_DAILY);
        if (snapshot == null) {
            return 0;
        }
        long cutoff = manifest.cutoff().toEpochDay();
        Table table = table(Tables.FEATURES_DAILY);
        List<String> figureColumns = DailyTile.FIGURE_COLUMNS;
        long tiles = 0;
        try (CloseableIterable<Record> rows =
                IcebergGenerics.read(table)
                        .useSnapshot(snapshot)
                        .where(
                                Expressions.and(
                                        Expressions.greaterThan(
                                                "day",
                                                manifest.cutoff()
                                                        .minusDays(LONGEST_WINDOW)
                                                        .toString()),
                                        Expressions.lessThanOrEqual(
                                                "day", manifest.cutoff().toString())))
                        .build()) {
            int[] positions = null;
            for (Record row : rows) {
                if (positions == null) {
                    positions = new int[figureColumns.size()];
                    for (int i = 0; i < positions.length; i++) {
                        positions[i] =
                                row.struct()
                                        .fields()
                                        .indexOf(row.struct().field(figureColumns.get(i)));
                    }
                }
                String subscriber = (String) row.getField("subscriber");
                DailyTile tile =
                        new DailyTile(subscriber, ((LocalDate) row.getField("day")).toEpochDay());
                long[] figures = new long[positions.length];
                for (int i = 0; i < figures.length; i++) {
                    figures[i] = DailyTile.figureValue(i, row.get(positions[i], Long.class));
                }
                tile.setFigures(figures);
                ByteBuffer sketch = (ByteBuffer) row.getField("counterparts_sketch");
                tile.counterparts = new byte[sketch.remaining()];
                sketch.duplicate().get(tile.counterparts);
                writer.stageTile(tile);
                tiles++;
            }
        }
        return writer.foldStagedTiles(cutoff, daysServed);
    }

    @SuppressWarnings("unchecked")
    private void writeReputation(Manifest manifest, BatchViewStore.Writer writer)
            throws IOException {
        Long snapshot = manifest.snapshots().get(Tables.CALLER_REPUTATION);
        if (snapshot == null) {
            return;
        }
        try (CloseableIterable<Record> rows =
                IcebergGenerics.read(table(Tables.CALLER_REPUTATION))
                        .useSnapshot(snapshot)
                        .select("as_of_day", "caller", "score", "signals")
                        .where(Expressions.equal("as_of_day", manifest.cutoff().toString()))
                        .build()) {
            for (Record row : rows) {
                writer.putReputation(
                        (String) row.getField("caller"),
                        (LocalDate) row.getField("as_of_day"),
                        (Double) row.getField("score"),
                        (List<String>) row.getField("signals"));
            }
        }
    }

    private List<String> writeModels(Manifest manifest, BatchViewStore.Writer writer)
            throws IOException {
        Long snapshot = manifest.snapshots().get(Tables.MODEL_REGISTRY);
        if (snapshot == null || manifest.models().isEmpty()) {
            return List.of();
        }
        Table registry = table(Tables.MODEL_REGISTRY);
        Map<String, String> artifacts = new HashMap<>();
        try (CloseableIterable<Record> rows =
                IcebergGenerics.read(registry)
                        .useSnapshot(snapshot)
                        .select("model", "version", "artifact_location")
                        .build()) {
            for (Record row : rows) {
                artifacts.put(
                        row.getField("model") + "@" + row.getField("version"),
                        (String) row.getField("artifact_location"));
            }
        }
        List<String> loaded = new ArrayList<>();
        for (String model : manifest.models()) {
            String location = artifacts.get(model);
            if (location == null) {
                throw new IOException(
                        "batch view "
                                + manifest.version()
                                + " names "
                                + model
                                + ", which the registry does not hold");
            }
            try (InputStream in = registry.io().newInputFile(location).newStream()) {
                ScoringModel scoring =
                        ScoringModel.fromJson(
                                new String(in.readAllBytes(), StandardCharsets.UTF_8));
                writer.putModel(scoring);
                loaded.add(model);
            }
        }
        return loaded;
    }

    private Table table(String name) {
        return catalog.loadTable(TableIdentifier.of(NAMESPACE, name));
    }
}
