package io.convergent.batch.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.convergent.common.models.BinaryMetrics;
import io.convergent.common.models.LabelDefinition;
import io.convergent.common.models.ModelSpec;
import io.convergent.common.models.ScoringModel;
import io.convergent.common.models.TrainingParameters;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains one model at a cutoff day with point-in-time-correct sets and a time-based holdout.
 *
 * <p>For a label "an event in the H days after": the holdout's as-of day is {@code cutoff - H}, so
 * its labels end at the cutoff; the training as-of days are {@code holdout - H - k * spacing}, so
 * every training label ends before the holdout's features begin to be labelled. Each row holds the
 * window features as of the end of its as-of day and the label from the days after it: no row sees
 * data after its as-of time in its features.
 *
 * <p>For a label column of a table an analyst brought, the latest as-of day is the holdout and the
 * earlier ones the training set.
 */
public final class ModelTrainer {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The window features as of the end of a day, by subscriber (catalog order). */
    @FunctionalInterface
    public interface FeatureSource {
        Map<String, double[]> asOf(LocalDate day) throws Exception;
    }

    private final FeatureSource features;
    private final Labels labels;
    private final LocalDate historyFrom;

    ModelTrainer(FeatureSource features, Labels labels) {
        this(features, labels, null);
    }

    /**
     * @param historyFrom the first day of {@code features_daily}, {@code null} when unknown: what a
     *     version records of how much history its training windows saw
     */
    ModelTrainer(FeatureSource features, Labels labels, LocalDate historyFrom) {
        this.features = features;
        this.labels = labels;
        this.historyFrom = historyFrom;
    }

    public TrainedModel train(ModelSpec spec, LocalDate cutoff) throws Exception {
        Sets sets = spec.label().isEvent() ? eventSets(spec, cutoff) : columnSets(spec, cutoff);
        if (sets.training.rows() == 0 || sets.training.positives() == 0) {
            throw new IllegalStateException(
                    spec.name()
                            + ": no positive label in the training set (as of "
                            + sets.trainingDays
                            + "); more history is needed before "
                            + cutoff);
        }
        long started = System.nanoTime();
        Booster booster = fit(spec.training(), sets.training);
        double seconds = (System.nanoTime() - started) / 1e9;
        String version = cutoff + "." + spec.digest();
        ScoringModel scoring = scoringModel(spec, version, booster, sets.training);
        byte[] xgboostModel = booster.toByteArray("json");
        booster.dispose();
        double[] scores = new double[sets.holdout.rows()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = scoring.trees().probability(sets.holdout.row(i));
        }
        if (scoresAlike(scoring, sets.training)) {
            // Every subscriber would get the same score: a campaign ranking by it would pick at
            // random, and a version already current that ranks would be replaced by it.
            throw new IllegalStateException(
                    spec.name()
                            + ": learnt nothing, its trees score every training row alike ("
                            + sets.training.positives()
                            + " positive(s) in "
                            + sets.training.rows()
                            + " rows as of "
                            + sets.trainingDays
                            + "); not registered, the version current before stays current");
        }
        BinaryMetrics holdout = BinaryMetrics.of(scores, sets.holdout.labels());
        return new TrainedModel(
                spec,
                version,
                cutoff,
                scoring,
                xgboostModel,
                sets.trainingDays.get(0),
                sets.trainingDays.get(sets.trainingDays.size() - 1),
                sets.holdoutDay,
                sets.training.rows(),
                sets.training.positives(),
                holdout,
                seconds,
                Instant.now(),
                historyFrom,
                sets.daysWithoutFeatures);
    }

    /** Whether {@code scoring} gives every row of {@code rows} the same score. */
    static boolean scoresAlike(ScoringModel scoring, Matrix rows) {
        if (rows.rows() == 0) {
            return true;
        }
        double first = scoring.trees().margin(rows.row(0));
        for (int i = 1; i < rows.rows(); i++) {
            if (scoring.trees().margin(rows.row(i)) != first) {
                return false;
            }
        }
        return true;
    }

    /** Trains and returns XGBoost's own booster, for callers comparing it with the scorer. */
    static Booster fit(TrainingParameters p, Matrix training) throws XGBoostError {
        Map<String, Object> params = new HashMap<>();
        params.put("objective", "binary:logistic");
        params.put("eval_metric", "auc");
        params.put("max_depth", p.maxDepth());
        params.put("eta", p.learningRate());
        params.put("min_child_weight", p.minChildWeight());
        params.put("subsample", p.subsample());
        params.put("colsample_bytree", p.columnSample());
        params.put("seed", p.seed());
        params.put("tree_method", "hist");
        params.put("nthread", Math.max(1, Runtime.getRuntime().availableProcessors()));
        DMatrix matrix = training.toDMatrix();
        try {
            return XGBoost.train(matrix, params, p.rounds(), Map.of(), null, null);
        } finally {
            matrix.dispose();
        }
    }

    /**
     * The booster as our scorer: its trees from the JSON dump, and its base score on the margin
     * scale, read back as XGBoost's margin minus the trees' sum for one training row.
     */
    static ScoringModel scoringModel(ModelSpec spec, String version, Booster booster, Matrix rows)
            throws Exception {
        List<JsonNode> trees = new ArrayList<>();
        for (String tree : booster.getModelDump((String) null, false, "json")) {
            trees.add(JSON.readTree(tree));
        }
        ScoringModel withoutBase =
                new ScoringModel(spec.name(), version, spec.features(), trees, 0);
        Matrix first = rows.slice(0, 1);
        DMatrix one = first.toDMatrix();
        float margin;
        try {
            margin = booster.predict(one, true)[0][0];
        } finally {
            one.dispose();
        }
        double base = margin - withoutBase.trees().margin(first.row(0));
        return new ScoringModel(spec.name(), version, spec.features(), trees, base);
    }

    /**
     * The as-of days of a model with an event label trained at {@code cutoff}: its training days,
     * oldest first, then its holdout day.
     */
    static List<LocalDate> eventAsOfDays(ModelSpec spec, LocalDate cutoff) {
        int horizon = spec.label().horizonDays();
        TrainingParameters p = spec.training();
        LocalDate holdoutDay = cutoff.minusDays(horizon);
        List<LocalDate> days = new ArrayList<>();
        for (int k = p.snapshots() - 1; k >= 0; k--) {
            days.add(holdoutDay.minusDays(horizon + (long) k * p.snapshotSpacingDays()));
        }
        days.add(holdoutDay);
        return List.copyOf(days);
    }

    private Sets eventSets(ModelSpec spec, LocalDate cutoff) throws Exception {
        LabelDefinition label = spec.label();
        TrainingParameters p = spec.training();
        List<LocalDate> all = eventAsOfDays(spec, cutoff);
        List<LocalDate> trainingDays = all.subList(0, all.size() - 1);
        LocalDate holdoutDay = all.get(all.size() - 1);
        Map<LocalDate, Set<String>> positives = labels.subscribersWithEvent(label, all);
        Matrix.Builder training = new Matrix.Builder(spec.features().size());
        List<LocalDate> usedDays = new ArrayList<>();
        List<LocalDate> withoutFeatures = new ArrayList<>();
        for (LocalDate day : trainingDays) {
            Map<String, double[]> asOf = features.asOf(day);
            (asOf.isEmpty() ? withoutFeatures : usedDays).add(day);
            add(training, spec, asOf, positives.get(day));
        }
        if (usedDays.isEmpty()) {
            throw new IllegalStateException(
                    spec.name()
                            + ": no features as of any training day "
                            + trainingDays
                            + "; the history must reach back "
                            + (label.horizonDays() * 2L
                                    + (long) (p.snapshots() - 1) * p.snapshotSpacingDays())
                            + " days before "
                            + cutoff);
        }
        Matrix.Builder holdout = new Matrix.Builder(spec.features().size());
        add(holdout, spec, features.asOf(holdoutDay), positives.get(holdoutDay));
        return new Sets(training.build(), holdout.build(), usedDays, withoutFeatures, holdoutDay);
    }

    private Sets columnSets(ModelSpec spec, LocalDate cutoff) throws Exception {
        TreeMap<LocalDate, List<Labels.Observation>> byDay = new TreeMap<>();
        for (Labels.Observation o : labels.observations(spec.label())) {
            if (!o.asOf().isAfter(cutoff)) {
                byDay.computeIfAbsent(o.asOf(), d -> new ArrayList<>()).add(o);
            }
        }
        if (byDay.size() < 2) {
            throw new IllegalStateException(
                    spec.name()
                            + ": "
                            + spec.label().table()
                            + " has labels as of "
                            + byDay.size()
                            + " day(s) up to "
                            + cutoff
                            + "; a time-based holdout needs at least two");
        }
        LocalDate holdoutDay = byDay.lastKey();
        Matrix.Builder training = new Matrix.Builder(spec.features().size());
        Matrix.Builder holdout = new Matrix.Builder(spec.features().size());
        for (Map.Entry<LocalDate, List<Labels.Observation>> day : byDay.entrySet()) {
            Map<String, double[]> asOf = features.asOf(day.getKey());
            Matrix.Builder target = day.getKey().equals(holdoutDay) ? holdout : training;
            ScoringModel selector = selector(spec);
            // In subscriber order, as in add: the query's order is not the same on every run.
            List<Labels.Observation> observations = new ArrayList<>(day.getValue());
            observations.sort(
                    Comparator.comparing(Labels.Observation::subscriber)
                            .thenComparingInt(Labels.Observation::label));
            for (Labels.Observation o : observations) {
                double[] vector = asOf.get(o.subscriber());
                if (vector != null) {
                    target.add(selector.select(vector), o.label());
                }
            }
        }
        return new Sets(
                training.build(),
                holdout.build(),
                new ArrayList<>(byDay.headMap(holdoutDay).keySet()),
                List.of(),
                holdoutDay);
    }

    /**
     * Adds a day's rows in subscriber order: XGBoost samples rows by position ({@code subsample}),
     * so rows in the order the features arrived from a parallel job would train a different model
     * on every run of the same data.
     */
    private static void add(
            Matrix.Builder rows, ModelSpec spec, Map<String, double[]> asOf, Set<String> positive) {
        ScoringModel selector = selector(spec);
        boolean absent = spec.label().absent();
        for (Map.Entry<String, double[]> e : new TreeMap<>(asOf).entrySet()) {
            boolean happened = positive.contains(e.getKey());
            rows.add(selector.select(e.getValue()), happened != absent ? 1 : 0);
        }
    }

    /** A model without trees, used for its feature selection. */
    private static ScoringModel selector(ModelSpec spec) {
        return new ScoringModel(spec.name(), "select", spec.features(), List.of(), 0);
    }

    /**
     * @param trainingDays the as-of days whose rows were trained on
     * @param daysWithoutFeatures the planned training days that had no features (before the
     *     history, or not tiled), left out
     */
    private record Sets(
            Matrix training,
            Matrix holdout,
            List<LocalDate> trainingDays,
            List<LocalDate> daysWithoutFeatures,
            LocalDate holdoutDay) {}
}
