package io.convergent.batch.models;

import io.convergent.batch.lake.RecordFiles;
import io.convergent.common.models.BinaryMetrics;
import io.convergent.common.models.ScoringModel;
import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.LakeTables;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * {@code model_registry}: every trained version of every model with its holdout figures, and the
 * scoring model each points at. Artifacts are written through the table's own {@code FileIO} under
 * its location ({@code artifacts/<model>/<version>/}), so they live wherever the lake lives.
 *
 * <p>A version is registered by rewriting its model's partition in one commit (the other versions
 * kept, a version of the same name replaced), so a reader sees the version whole or not at all and
 * registering it twice leaves one row.
 */
public final class ModelRegistry {

    /** A registered version, as {@code models list} shows it. */
    public record Version(
            String model,
            String version,
            LocalDate cutoff,
            OffsetDateTime trainedAt,
            String description,
            long trainingRows,
            long holdoutRows,
            long holdoutPositives,
            Double auc,
            Double prAuc,
            Double liftAt10,
            double trainingSeconds,
            String artifactLocation,
            List<Integer> shortWindows) {}

    private final Table table;

    public ModelRegistry(Catalog catalog) {
        this.table =
                catalog.loadTable(TableIdentifier.of(LakeTables.NAMESPACE, Tables.MODEL_REGISTRY));
    }

    /**
     * Writes the version's artifacts and registers it. Each registration writes a directory of its
     * own, never over another's: training the same version again (a re-run of its cutoff) replaces
     * the registry row, while a published batch view keeps the row it tagged, and the artifacts
     * that row points at must stay the ones its scores came from. A write cut short leaves only an
     * unregistered directory.
     */
    public Version register(TrainedModel trained) throws IOException {
        String directory =
                table.location()
                        + "/artifacts/"
                        + trained.spec().name()
                        + "/"
                        + trained.version()
                        + "/"
                        + trained.trainedAt().toEpochMilli()
                        + "-"
                        + UUID.randomUUID()
                        + "/";
        String scoringLocation = directory + "scoring-model.json";
        write(scoringLocation, trained.scoring().toJson().getBytes(StandardCharsets.UTF_8));
        write(directory + "xgboost-model.json", trained.xgboostModel());
        write(directory + "spec.yaml", trained.spec().source().getBytes(StandardCharsets.UTF_8));

        List<Record> rows = new ArrayList<>();
        for (Record existing : read(trained.spec().name())) {
            if (!existing.getField("version").equals(trained.version())) {
                rows.add(existing);
            }
        }
        rows.add(row(trained, scoringLocation));
        replacePartition(rows);
        return toVersion(rows.get(rows.size() - 1));
    }

    /** Every registered version, by model then cutoff. */
    public List<Version> versions() throws IOException {
        List<Version> versions = new ArrayList<>();
        for (Record row : read(null)) {
            versions.add(toVersion(row));
        }
        versions.sort(
                Comparator.comparing(Version::model)
                        .thenComparing(Version::cutoff)
                        .thenComparing(Version::trainedAt));
        return versions;
    }

    /**
     * The version of each model that scores: the latest cutoff not after {@code asOf} (the last
     * trained of them), so re-scoring an old day uses what was current then.
     */
    public Map<String, Version> current(LocalDate asOf) throws IOException {
        Map<String, Version> current = new LinkedHashMap<>();
        for (Version v : versions()) {
            if (!v.cutoff().isAfter(asOf)) {
                current.put(v.model(), v); // sorted: the last one wins
            }
        }
        return current;
    }

    /** Reads a version's scoring model from its artifact. */
    public ScoringModel load(Version version) {
        try (InputStream in = table.io().newInputFile(version.artifactLocation()).newStream()) {
            return ScoringModel.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the scoring model of "
                            + version.model()
                            + " "
                            + version.version()
                            + " at "
                            + version.artifactLocation(),
                    e);
        }
    }

    private void write(String location, byte[] bytes) throws IOException {
        try (OutputStream out = table.io().newOutputFile(location).createOrOverwrite()) {
            out.write(bytes);
        }
    }

    private List<Record> read(String model) throws IOException {
        table.refresh();
        List<Record> rows = new ArrayList<>();
        IcebergGenerics.ScanBuilder scan = IcebergGenerics.read(table);
        if (model != null) {
            scan = scan.where(Expressions.equal("model", model));
        }
        try (CloseableIterable<Record> records = scan.build()) {
            for (Record r : records) {
                rows.add(r.copy());
            }
        }
        return rows;
    }

    private Record row(TrainedModel t, String artifactLocation) {
        GenericRecord row = GenericRecord.create(table.schema());
        BinaryMetrics h = t.holdout();
        row.setField("model", t.spec().name());
        row.setField("version", t.version());
        row.setField("trained_at", t.trainedAt().atOffset(ZoneOffset.UTC));
        row.setField("cutoff_day", t.cutoff());
        row.setField("description", t.spec().description());
        row.setField("label", describe(t));
        row.setField("algorithm", algorithm(t));
        row.setField("features", t.spec().features());
        row.setField("training_from", t.trainingFrom());
        row.setField("training_to", t.trainingTo());
        row.setField("holdout_as_of", t.holdoutAsOf());
        row.setField("training_rows", t.trainingRows());
        row.setField("training_positives", t.trainingPositives());
        row.setField("holdout_rows", h.rows());
        row.setField("holdout_positives", h.positives());
        row.setField("auc", finite(h.auc()));
        row.setField("pr_auc", finite(h.prAuc()));
        row.setField("lift_at_10", finite(h.liftAt10()));
        row.setField("training_seconds", t.trainingSeconds());
        row.setField("artifact_location", artifactLocation);
        row.setField("spec", t.spec().source());
        row.setField("history_from", t.historyFrom());
        row.setField("short_windows", List.copyOf(t.shortWindows()));
        return row;
    }

    private static String describe(TrainedModel t) {
        var label = t.spec().label();
        return label.isEvent()
                ? (label.absent() ? "no event in " : "")
                        + label.table()
                        + " where "
                        + label.where()
                        + " within "
                        + label.horizonDays()
                        + " days"
                : label.table() + "." + label.labelColumn() + " as of " + label.asOfColumn();
    }

    private static String algorithm(TrainedModel t) {
        var p = t.spec().training();
        return "gradient_boosted_trees rounds="
                + p.rounds()
                + " max_depth="
                + p.maxDepth()
                + " learning_rate="
                + p.learningRate()
                + " min_child_weight="
                + p.minChildWeight()
                + " subsample="
                + p.subsample()
                + " column_sample="
                + p.columnSample()
                + " seed="
                + p.seed();
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private void replacePartition(List<Record> rows) throws IOException {
        table.newReplacePartitions().addFile(RecordFiles.write(table, rows, "registry")).commit();
    }

    private static Version toVersion(Record r) {
        return new Version(
                (String) r.getField("model"),
                (String) r.getField("version"),
                (LocalDate) r.getField("cutoff_day"),
                (OffsetDateTime) r.getField("trained_at"),
                (String) r.getField("description"),
                (Long) r.getField("training_rows"),
                (Long) r.getField("holdout_rows"),
                (Long) r.getField("holdout_positives"),
                (Double) r.getField("auc"),
                (Double) r.getField("pr_auc"),
                (Double) r.getField("lift_at_10"),
                (Double) r.getField("training_seconds"),
                (String) r.getField("artifact_location"),
                shortWindows(r));
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> shortWindows(Record r) {
        Object windows = r.getField("short_windows");
        return windows == null ? List.of() : List.copyOf((List<Integer>) windows);
    }
}
