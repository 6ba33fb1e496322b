package io.convergent.batch.models;

import io.convergent.batch.features.WindowFeaturesJob;
import io.convergent.batch.lake.LakeHistory;
import io.convergent.batch.sql.LakeSql;
import io.convergent.common.features.FeatureCatalog;
import io.convergent.common.models.LabelDefinition;
import io.convergent.common.models.ModelSpec;
import io.convergent.common.models.ScoringModel;
import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.LakeTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Trains every model of a set of specifications at a cutoff, registers each version, and hands the
 * versions that score a day to the scoring job. Models share their features: the window features as
 * of each as-of day are folded once, whatever number of models reads them.
 *
 * <p>A model that cannot be trained (too little history, no positive label) is reported and
 * skipped; the others are trained all the same.
 */
public final class ModelTraining {

    private static final org.slf4j.Logger LOG =
            org.slf4j.LoggerFactory.getLogger(ModelTraining.class);

    /** What a training run did: the versions registered and the models refused, with why. */
    public record Outcome(List<ModelRegistry.Version> trained, Map<String, String> failed) {}

    private final Map<String, String> catalogProperties;
    private final Configuration configuration;

    public ModelTraining(Map<String, String> catalogProperties, Configuration configuration) {
        this.catalogProperties = Map.copyOf(catalogProperties);
        this.configuration = configuration;
    }

    public Outcome trainAll(List<ModelSpec> specs, LocalDate cutoff, Consumer<String> progress)
            throws Exception {
        return trainAll(specs, cutoff, progress, Set.of());
    }

    /**
     * Trains {@code specs} as {@link #trainAll(List, LocalDate, Consumer)} does, without reporting
     * the refused labels of the models in {@code refusalsSaid}: those the caller has already said
     * it will skip, from {@link #refusedLabels(List)} (a run that says so before its other steps).
     * They are skipped and counted in {@link Outcome#failed} all the same.
     */
    public Outcome trainAll(
            List<ModelSpec> specs,
            LocalDate cutoff,
            Consumer<String> progress,
            Set<String> refusalsSaid)
            throws Exception {
        WindowFeaturesJob windows = new WindowFeaturesJob(catalogProperties);
        windows.prepareTables();
        warnOfUntiledDays(specs, cutoff, progress);
        try (Labels labels =
                new Labels(LakeSql.batchEnvironment(catalogProperties, configuration))) {
            return trainAll(specs, cutoff, progress, refusalsSaid, windows, labels);
        }
    }

    private Outcome trainAll(
            List<ModelSpec> specs,
            LocalDate cutoff,
            Consumer<String> progress,
            Set<String> refusalsSaid,
            WindowFeaturesJob windows,
            Labels labels)
            throws Exception {
        // A label Flink refuses is said before any feature is read, not after minutes of it.
        Map<String, String> failed = refusedLabels(labels, specs);
        failed.forEach(
                (model, reason) -> {
                    if (!refusalsSaid.contains(model)) {
                        progress.accept("model " + model + " not trained: " + reason);
                    }
                });
        // What the models with an event label will ask for, read ahead in few jobs: the windows
        // of every as-of day in one, the labels in one per table.
        Map<LabelDefinition, Set<LocalDate>> eventLabels = new LinkedHashMap<>();
        for (ModelSpec spec : specs) {
            if (spec.label().isEvent() && !failed.containsKey(spec.name())) {
                eventLabels
                        .computeIfAbsent(spec.label(), label -> new TreeSet<>())
                        .addAll(ModelTrainer.eventAsOfDays(spec, cutoff));
            }
        }
        Set<LocalDate> asOfDays = new TreeSet<>();
        eventLabels.values().forEach(asOfDays::addAll);
        Map<LocalDate, Map<String, double[]>> cache = new HashMap<>(windows.collect(asOfDays));
        labels.readAhead(eventLabels);
        LocalDate historyFrom = firstTileDay();
        ModelTrainer trainer =
                new ModelTrainer(
                        day -> {
                            Map<String, double[]> features = cache.get(day);
                            if (features == null) {
                                features = windows.collect(day);
                                cache.put(day, features);
                            }
                            return features;
                        },
                        labels,
                        historyFrom);
        List<ModelRegistry.Version> trained = new ArrayList<>();
        LakeTables.withCatalog(
                catalogProperties,
                catalog -> {
                    ModelRegistry registry = new ModelRegistry(catalog);
                    int n = 0;
                    for (ModelSpec spec : specs) {
                        n++;
                        if (failed.containsKey(spec.name())) {
                            continue;
                        }
                        try {
                            TrainedModel model = trainer.train(spec, cutoff);
                            ModelRegistry.Version v = registry.register(model);
                            trained.add(v);
                            progress.accept(
                                    String.format(
                                                    "model %d/%d %s %s: holdout AUC %s, lift@10%% %s, %d rows, %.1f s",
                                                    n,
                                                    specs.size(),
                                                    v.model(),
                                                    v.version(),
                                                    figure(v.auc()),
                                                    figure(v.liftAt10()),
                                                    v.trainingRows(),
                                                    v.trainingSeconds())
                                            + shortHistory(model)
                                            + missingDays(model)
                                            + noBetterThanChance(v.auc()));
                        } catch (InterruptedException e) {
                            throw e;
                        } catch (Exception e) {
                            // One model's failure (a refused spec, a label query that fails as it
                            // runs, the learner) is that model's: the others are still trained.
                            String reason = reason(e);
                            failed.put(spec.name(), reason);
                            progress.accept(
                                    String.format(
                                            "model %d/%d %s not trained: %s",
                                            n, specs.size(), spec.name(), reason));
                        }
                    }
                    return null;
                });
        return new Outcome(trained, failed);
    }

    /**
     * The models whose label Flink refuses (checked without running anything), with why: what a run
     * that trains them can say before it computes anything else.
     */
    public Map<String, String> refusedLabels(List<ModelSpec> specs) {
        try (Labels labels =
                new Labels(LakeSql.batchEnvironment(catalogProperties, configuration))) {
            return refusedLabels(labels, specs);
        }
    }

    private static Map<String, String> refusedLabels(Labels labels, List<ModelSpec> specs) {
        Map<String, String> refused = new LinkedHashMap<>();
        for (ModelSpec spec : specs) {
            labels.refusal(spec.label())
                    .ifPresent(why -> refused.put(spec.name(), "its label is refused: " + why));
        }
        return refused;
    }

    /**
     * Warns of the days the models' windows fold that have events and no tiles: training would read
     * them as days without activity. (`batch run` tiles them before it trains.)
     */
    private void warnOfUntiledDays(
            List<ModelSpec> specs, LocalDate cutoff, Consumer<String> progress) {
        java.util.Optional<LocalDate> earliest = earliestAsOf(specs, cutoff);
        if (earliest.isEmpty()) {
            return;
        }
        // The last day a training or holdout window folds: the latest as-of day.
        LocalDate latest =
                specs.stream()
                        .filter(spec -> spec.label().isEvent())
                        .map(spec -> ModelTrainer.eventAsOfDays(spec, cutoff))
                        .map(days -> days.get(days.size() - 1))
                        .max(LocalDate::compareTo)
                        .orElseThrow();
        LocalDate first = FeatureCatalog.firstDayFolded(earliest.get());
        List<LocalDate> untiled;
        try {
            untiled =
                    LakeTables.withCatalog(
                                    catalogProperties,
                                    catalog -> LakeHistory.read(catalog, first, latest))
                            .untiled(first, latest);
        } catch (Exception e) {
            // Advice only: training goes on as it would have without the look.
            LOG.warn("Could not read which days the lake holds: {}", e.toString());
            return;
        }
        if (!untiled.isEmpty()) {
            progress.accept(LakeHistory.untiledWarning(untiled, "the models' windows"));
        }
    }

    /**
     * The earliest day whose window features training {@code specs} at {@code cutoff} reads: the
     * first as-of day of the models with an event label; empty when none has one (a label column's
     * as-of days are the analyst's table's).
     */
    public static java.util.Optional<LocalDate> earliestAsOf(
            List<ModelSpec> specs, LocalDate cutoff) {
        return specs.stream()
                .filter(spec -> spec.label().isEvent())
                .map(spec -> ModelTrainer.eventAsOfDays(spec, cutoff).get(0))
                .min(LocalDate::compareTo);
    }

    /**
     * The warning of a version whose earliest training day saw less history than some of its
     * windows span (the history began later); empty otherwise.
     */
    static String shortHistory(TrainedModel model) {
        if (model.shortWindows().isEmpty()) {
            return "";
        }
        long days = model.trainingFrom().toEpochDay() - model.historyFrom().toEpochDay() + 1;
        return String.format(
                "; short history: its %s windows held %d day(s) as of %s (history from %s)",
                String.join(", ", model.shortWindows().stream().map(w -> w + "-day").toList()),
                Math.max(0, days),
                model.trainingFrom(),
                model.historyFrom());
    }

    /**
     * The warning of a version trained on fewer as-of days than its spec asks for, naming those
     * without features; empty otherwise.
     */
    static String missingDays(TrainedModel model) {
        List<LocalDate> missing = model.trainingDaysWithoutFeatures();
        if (missing.isEmpty()) {
            return "";
        }
        int planned = model.spec().training().snapshots();
        return String.format(
                "; trained on %d of %d as-of days, none had features as of %s",
                planned - missing.size(),
                planned,
                String.join(", ", missing.stream().map(LocalDate::toString).toList()));
    }

    /**
     * The warning of a version that ranks the holdout no better than chance: it is registered (a
     * rare label's AUC moves by a few hundredths between samples), but its scores are noise there.
     */
    static String noBetterThanChance(Double auc) {
        return auc != null && auc <= 0.5
                ? "; warning: no better than chance on the holdout (AUC " + figure(auc) + ")"
                : "";
    }

    /** The first day of {@code features_daily}, from its partitions; null when it has none. */
    private LocalDate firstTileDay() throws Exception {
        return LakeTables.withCatalog(
                catalogProperties,
                catalog -> {
                    Integer first = null;
                    try (var files =
                            catalog.loadTable(
                                            TableIdentifier.of(
                                                    LakeTables.NAMESPACE, Tables.FEATURES_DAILY))
                                    .newScan()
                                    .planFiles()) {
                        for (var task : files) {
                            Integer day = task.file().partition().get(0, Integer.class);
                            if (day != null && (first == null || day < first)) {
                                first = day;
                            }
                        }
                    }
                    return first == null ? null : LocalDate.ofEpochDay(first);
                });
    }

    /**
     * Why a model was not trained: the message of a refusal as it is; for anything else the
     * innermost cause, which names what failed (a job's failure wraps it several times).
     */
    static String reason(Exception e) {
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "failed: "
                + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** The scoring models of the versions current as of {@code asOf}, one per model. */
    public List<ScoringModel> scorers(LocalDate asOf) throws Exception {
        new WindowFeaturesJob(catalogProperties).prepareTables();
        return LakeTables.withCatalog(
                catalogProperties,
                catalog -> {
                    ModelRegistry registry = new ModelRegistry(catalog);
                    List<ScoringModel> scorers = new ArrayList<>();
                    for (ModelRegistry.Version v : registry.current(asOf).values()) {
                        scorers.add(registry.load(v));
                    }
                    return scorers;
                });
    }

    /** Every version registered, by model then cutoff. */
    public List<ModelRegistry.Version> versions() throws Exception {
        new WindowFeaturesJob(catalogProperties).prepareTables();
        return LakeTables.withCatalog(
                catalogProperties, catalog -> new ModelRegistry(catalog).versions());
    }

    private static String figure(Double value) {
        return value == null ? "n/a" : String.format("%.3f", value);
    }
}
