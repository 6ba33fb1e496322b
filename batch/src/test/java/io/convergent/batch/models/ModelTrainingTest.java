package io.convergent.batch.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.convergent.batch.features.WindowFeaturesJob;
import io.convergent.batch.sql.TemporaryLake;
import io.convergent.common.features.DailyTile;
import io.convergent.common.features.FeatureWindows;
import io.convergent.common.models.LabelDefinition;
import io.convergent.common.models.ModelSpec;
import io.convergent.common.models.ModelSpecs;
import io.convergent.common.models.ScoringModel;
import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.LakeTables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training, registering and scoring on a real lake, over a history with one pattern to learn
 * (ChurnHistory): the model beats chance on a later holdout it never saw, registering the same
 * version twice leaves one row, labels come only from after the as-of day, and every subscriber is
 * scored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelTrainingTest {

    @RegisterExtension static final MiniClusterExtension CLUSTER = TemporaryLake.sharedCluster();

    private Path directory;
    private Map<String, String> lake;
    private ChurnHistory history;
    private ModelSpec spec;

    @BeforeAll
    void history(@TempDir Path directory) throws Exception {
        this.directory = directory;
        lake = new TemporaryLake(directory).properties();
        history = new ChurnHistory(600, 7);
        history.writeTo(lake);
        spec = ModelSpecs.parse(ChurnHistory.PORT_OUT_SPEC, "port_out_7d.yaml");
    }

    @Test
    void aTrainedModelBeatsChanceOnALaterHoldoutAndIsRegisteredOnce() throws Exception {
        ModelTraining training = new ModelTraining(lake, new Configuration());
        List<String> progress = new ArrayList<>();

        ModelTraining.Outcome first =
                training.trainAll(List.of(spec), ChurnHistory.LAST_DAY, progress::add);
        ModelTraining.Outcome again =
                training.trainAll(List.of(spec), ChurnHistory.LAST_DAY, progress::add);

        assertThat(first.failed()).isEmpty();
        ModelRegistry.Version v = first.trained().get(0);
        assertThat(v.version()).isEqualTo("2026-10-05." + spec.digest());
        assertThat(v.holdoutPositives()).isPositive();
        // Chance is an AUC of 0.5 and a lift of 1: complaints before a port-out are learnable.
        assertThat(v.auc()).isGreaterThan(0.8);
        assertThat(v.liftAt10()).isGreaterThan(2.0);
        assertThat(again.trained().get(0).auc()).isEqualTo(v.auc());
        assertThat(training.versions())
                .filteredOn(version -> version.model().equals("port_out_7d"))
                .hasSize(1);
        assertThat(progress).anyMatch(line -> line.contains("model 1/1 port_out_7d"));
        // The history begins on 09-01: as of the earliest training day, 09-07, complaints_30d
        // folded 7 days of its 30, and the registry and the progress line say so.
        assertThat(v.shortWindows()).containsExactly(30);
        assertThat(progress)
                .anyMatch(
                        line ->
                                line.endsWith(
                                        "; short history: its 30-day windows held 7 day(s) as of"
                                                + " 2026-09-07 (history from 2026-09-01)"));
        // The same version trained again writes beside the first, never over it: a batch view
        // published before still points at the first, which must still be what scored it.
        String firstArtifacts = v.artifactLocation();
        assertThat(again.trained().get(0).artifactLocation()).isNotEqualTo(firstArtifacts);
        assertThat(Path.of(java.net.URI.create(firstArtifacts))).exists();
    }

    @Test
    void aModelThatCannotBeTrainedIsReportedAndTheOthersAreTrained() throws Exception {
        ModelSpec tooLong =
                ModelSpecs.parse(
                        ChurnHistory.PORT_OUT_SPEC
                                .replace("port_out_7d", "port_out_60d")
                                .replace("horizon_days: 7", "horizon_days: 60"),
                        "long.yaml");
        ModelTraining.Outcome outcome =
                new ModelTraining(lake, new Configuration())
                        .trainAll(List.of(tooLong, spec), ChurnHistory.LAST_DAY, line -> {});
        assertThat(outcome.failed()).containsOnlyKeys("port_out_60d");
        assertThat(outcome.failed().get("port_out_60d")).contains("history must reach back");
        assertThat(outcome.trained())
                .extracting(ModelRegistry.Version::model)
                .containsExactly("port_out_7d");
    }

    @Test
    void aModelTrainedOnFewerAsOfDaysThanItsSpecAsksForSaysWhichHadNoFeatures() throws Exception {
        // Five as-of days a week apart before the holdout (09-28): 09-21, 09-14 and 09-07 are in
        // the history, 08-24 and 08-31 before its first day (09-01).
        ModelSpec fiveSnapshots =
                ModelSpecs.parse(
                        ChurnHistory.PORT_OUT_SPEC
                                .replace("port_out_7d", "port_out_five")
                                .replace("snapshots: 3", "snapshots: 5"),
                        "five.yaml");
        List<String> progress = new ArrayList<>();
        ModelTraining.Outcome outcome =
                new ModelTraining(lake, new Configuration())
                        .trainAll(List.of(fiveSnapshots), ChurnHistory.LAST_DAY, progress::add);

        assertThat(outcome.failed()).isEmpty();
        assertThat(progress)
                .anyMatch(
                        line ->
                                line.startsWith("model 1/1 port_out_five")
                                        && line.contains(
                                                "; trained on 3 of 5 as-of days, none had features"
                                                        + " as of 2026-08-24, 2026-08-31"));
    }

    @Test
    void trainingOverDaysWithEventsAndNoTilesWarnsAndNamesTheBackfill(@TempDir Path elsewhere)
            throws Exception {
        Map<String, String> rawOnly = new TemporaryLake(elsewhere).properties();
        LakeTables.prepare(
                rawOnly,
                catalog -> {
                    LakeTables.ensureIngestTables(catalog);
                    LakeTables.ensureFeatureTables(catalog);
                    LakeTables.ensureModelTables(catalog);
                });
        TemporaryLake.writeToRawTables(rawOnly, history.events);
        List<String> progress = new ArrayList<>();

        new ModelTraining(rawOnly, new Configuration())
                .trainAll(List.of(spec), ChurnHistory.LAST_DAY, progress::add);

        assertThat(progress.get(0))
                .isEqualTo(
                        "warning: 28 day(s) (2026-09-01 to 2026-09-28) with events and no tiles:"
                                + " the models' windows count them as days without activity; tile"
                                + " them with `bin/convergent batch backfill --from 2026-09-01 --to"
                                + " 2026-09-28 --steps features`");
    }

    @Test
    void aModelThatScoresEveryoneAlikeIsNotRegistered() throws Exception {
        // No leaf can hold this many rows' weight: every tree is its root alone, and every
        // subscriber gets the base score.
        ModelSpec flat =
                ModelSpecs.parse(
                        ChurnHistory.PORT_OUT_SPEC
                                .replace("port_out_7d", "port_out_flat")
                                .replace("min_child_weight: 1", "min_child_weight: 1000"),
                        "flat.yaml");
        ModelTraining training = new ModelTraining(lake, new Configuration());
        ModelTraining.Outcome outcome =
                training.trainAll(List.of(flat), ChurnHistory.LAST_DAY, line -> {});

        assertThat(outcome.trained()).isEmpty();
        assertThat(outcome.failed().get("port_out_flat"))
                .contains("learnt nothing, its trees score every training row alike")
                .contains("not registered");
        assertThat(training.versions()).noneMatch(v -> v.model().equals("port_out_flat"));
    }

    @Test
    void aLabelFlinkRefusesIsSaidFirstWithPositionsInItsOwnConditionAndTheOthersAreTrained()
            throws Exception {
        ModelSpec misspelt =
                ModelSpecs.parse(
                        ChurnHistory.PORT_OUT_SPEC
                                .replace("port_out_7d", "port_out_typo")
                                .replace(
                                        "where: \"type = 'PORT_OUT_REQUEST'\"",
                                        "where: \"TRUE AND\\n  typ = 'PORT_OUT_REQUEST'\""),
                        "typo.yaml");
        ModelSpec unparsable =
                ModelSpecs.parse(
                        ChurnHistory.PORT_OUT_SPEC
                                .replace("port_out_7d", "port_out_parse")
                                .replace(
                                        "where: \"type = 'PORT_OUT_REQUEST'\"",
                                        "where: \"type = = 'PORT_OUT_REQUEST'\""),
                        "parse.yaml");
        List<String> progress = new ArrayList<>();
        ModelTraining.Outcome outcome =
                new ModelTraining(lake, new Configuration())
                        .trainAll(
                                List.of(misspelt, unparsable, spec),
                                ChurnHistory.LAST_DAY,
                                progress::add);

        assertThat(outcome.failed()).containsOnlyKeys("port_out_typo", "port_out_parse");
        assertThat(outcome.failed().get("port_out_typo"))
                .startsWith("its label is refused: ")
                .contains("line 2, column 3 of `where`")
                .contains("typ");
        assertThat(outcome.failed().get("port_out_parse"))
                .contains("Encountered \"= =\" at line 1, column 6 of `where`")
                .doesNotContain("Was expecting")
                .hasSizeLessThan(300);
        // Said before the features are read and the other model trained.
        assertThat(progress.get(0)).startsWith("model port_out_typo not trained: its label");
        assertThat(progress.get(1)).startsWith("model port_out_parse not trained: its label");
        assertThat(outcome.trained())
                .extracting(ModelRegistry.Version::model)
                .containsExactly("port_out_7d");
    }

    @Test
    void aRefusalIsToldInTheConditionsOwnLinesWithoutTheParsersList() {
        String parser =
                "SQL parse failed. Encountered \"= =\" at line 3, column 6.\n"
                        + "Was expecting one of:\n    \"ABS\" ...\n    \"ALL\" ...\n";
        assertThat(Labels.readable(parser, "TRUE AND\ntype = = 'X'"))
                .isEqualTo("SQL parse failed. Encountered \"= =\" at line 2, column 6 of `where`.");
        // The check closes the condition with ")" on the line after it: reached, it ended early.
        assertThat(
                        Labels.readable(
                                "SQL parse failed. Encountered \")\" at line 3, column 1.\n"
                                        + "Was expecting one of:\n ...",
                                "type = 'X' AND"))
                .isEqualTo(
                        "SQL parse failed. The condition ends too soon (a bracket or a quote left"
                                + " open?).");
        assertThat(Labels.readable("Encountered \"<EOF>\" at line 3, column 1.", "(a = 1"))
                .isEqualTo(
                        "SQL parse failed. The condition ends too soon (a bracket or a quote left"
                                + " open?).");
        // A ")" too many closes the condition early: the parser then meets the check's own.
        assertThat(
                        Labels.readable(
                                "SQL parse failed. Encountered \")\" at line 3, column 1.",
                                "type = 'X')"))
                .isEqualTo("SQL parse failed. `where` has a ')' with no '(' before it.");
        // Outside the condition (the table's line): left as Flink gave it.
        assertThat(Labels.readable("Object 'x' not found at line 1, column 50", "TRUE"))
                .isEqualTo("Object 'x' not found at line 1, column 50");
    }

    @Test
    void anUnfinishedConditionIsPlacedInItsOwnText() throws Exception {
        ModelSpec unfinished =
                ModelSpecs.parse(
                        ChurnHistory.PORT_OUT_SPEC
                                .replace("port_out_7d", "port_out_and")
                                .replace(
                                        "where: \"type = 'PORT_OUT_REQUEST'\"",
                                        "where: \"type = 'X' AND (msisdn IS NOT NULL\""),
                        "and.yaml");
        assertThat(new ModelTraining(lake, new Configuration()).refusedLabels(List.of(unfinished)))
                .containsEntry(
                        "port_out_and",
                        "its label is refused: SQL parse failed. The condition ends too soon (a"
                                + " bracket or a quote left open?).");
    }

    @Test
    void aLabelQueryThatFailsAsItRunsFailsItsModelOnly() throws Exception {
        // Parses and validates; fails only on the rows, as a CAST of a word to a number does.
        ModelSpec failsAtRunTime =
                ModelSpecs.parse(
                        ChurnHistory.PORT_OUT_SPEC
                                .replace("port_out_7d", "port_out_cast")
                                .replace(
                                        "where: \"type = 'PORT_OUT_REQUEST'\"",
                                        "where: \"CAST(type AS INT) > 0\""),
                        "cast.yaml");
        List<String> progress = new ArrayList<>();
        ModelTraining.Outcome outcome =
                new ModelTraining(lake, new Configuration())
                        .trainAll(
                                List.of(failsAtRunTime, spec),
                                ChurnHistory.LAST_DAY,
                                progress::add);

        assertThat(outcome.failed()).containsOnlyKeys("port_out_cast");
        assertThat(outcome.failed().get("port_out_cast")).startsWith("failed: ");
        assertThat(progress)
                .anyMatch(line -> line.startsWith("model 1/2 port_out_cast not trained"));
        assertThat(outcome.trained())
                .extracting(ModelRegistry.Version::model)
                .containsExactly("port_out_7d");
    }

    @Test
    void aLabelColumnOfATableAnAnalystBroughtTrainsToo() throws Exception {
        // The analyst's table: who ported out within a week of two days they looked at.
        LocalDate early = ChurnHistory.FIRST_DAY.plusDays(13);
        LocalDate late = ChurnHistory.FIRST_DAY.plusDays(27);
        StringBuilder values = new StringBuilder();
        for (int s = 0; s < 600; s++) {
            String subscriber = "k1.sub-" + s;
            for (LocalDate asOf : List.of(early, late)) {
                LocalDate out = history.portOuts.get(subscriber);
                boolean gone = out != null && !out.isAfter(asOf);
                if (gone) {
                    continue;
                }
                boolean soon = out != null && !out.isAfter(asOf.plusDays(7));
                values.append(values.length() == 0 ? "" : ", ")
                        .append("('")
                        .append(subscriber)
                        .append("', DATE '")
                        .append(asOf)
                        .append("', ")
                        .append(soon)
                        .append(")");
            }
        }
        org.apache.flink.table.api.TableEnvironment sql = new TemporaryLake(directory).sql();
        sql.executeSql("CREATE DATABASE IF NOT EXISTS crm").await();
        sql.executeSql(
                        "CREATE TABLE IF NOT EXISTS crm.responses"
                                + " (subscriber STRING, looked_on DATE, left_soon BOOLEAN)")
                .await();
        sql.executeSql("INSERT INTO crm.responses VALUES " + values).await();
        ModelSpec analysts =
                ModelSpecs.parse(
                        """
                        name: left_soon
                        description: The analyst's own churn label
                        label:
                          table: crm.responses
                          subscriber_column: subscriber
                          label_column: left_soon
                          as_of_column: looked_on
                        features: [complaints_7d, complaints_30d, active_days_7d]
                        training: {rounds: 30, max_depth: 3, min_child_weight: 1}
                        """,
                        "left_soon.yaml");

        ModelTraining.Outcome outcome =
                new ModelTraining(lake, new Configuration())
                        .trainAll(List.of(analysts), ChurnHistory.LAST_DAY, line -> {});

        assertThat(outcome.failed()).isEmpty();
        ModelRegistry.Version v = outcome.trained().get(0);
        // The earlier day trains, the later one is the holdout.
        assertThat(v.holdoutPositives()).isPositive();
        assertThat(v.auc()).isGreaterThan(0.8);
    }

    @Test
    void labelsComeOnlyFromTheHorizonAfterTheAsOfDay() throws Exception {
        Labels labels = new Labels(new TemporaryLake(directory).sql());
        LocalDate asOf = ChurnHistory.FIRST_DAY.plusDays(20);
        Set<String> positives = labels.subscribersWithEvent(spec.label(), List.of(asOf)).get(asOf);
        Set<String> expected = new java.util.HashSet<>();
        history.portOuts.forEach(
                (subscriber, day) -> {
                    if (day.isAfter(asOf) && !day.isAfter(asOf.plusDays(7))) {
                        expected.add(subscriber);
                    }
                });
        assertThat(expected).isNotEmpty();
        assertThat(positives).isEqualTo(expected);
        // A port-out on the as-of day itself is in the features' past, not in the label.
        assertThat(history.portOuts).containsValue(asOf);
    }

    @Test
    void theSameDataTrainsTheSameModelWhateverOrderTheFeaturesArriveIn() throws Exception {
        WindowFeaturesJob windows = new WindowFeaturesJob(lake);
        List<LocalDate> days = ModelTrainer.eventAsOfDays(spec, ChurnHistory.LAST_DAY);
        Map<LocalDate, Map<String, double[]>> features = windows.collect(days);
        Labels labels = new Labels(new TemporaryLake(directory).sql());

        TrainedModel inOrder =
                new ModelTrainer(day -> ordered(features.get(day), false), labels)
                        .train(spec, ChurnHistory.LAST_DAY);
        TrainedModel reversed =
                new ModelTrainer(day -> ordered(features.get(day), true), labels)
                        .train(spec, ChurnHistory.LAST_DAY);

        assertThat(reversed.xgboostModel()).isEqualTo(inOrder.xgboostModel());
        assertThat(reversed.holdout().auc()).isEqualTo(inOrder.holdout().auc());
    }

    /** The same features, iterated in subscriber order or its reverse. */
    private static Map<String, double[]> ordered(Map<String, double[]> features, boolean reverse) {
        List<String> subscribers = new ArrayList<>(features.keySet());
        subscribers.sort(reverse ? java.util.Comparator.reverseOrder() : null);
        Map<String, double[]> ordered = new java.util.LinkedHashMap<>();
        subscribers.forEach(s -> ordered.put(s, features.get(s)));
        return ordered;
    }

    @Test
    void labelsOfOneTableAreReadAheadInOneQueryAndAnswerAsEachReadAlone() throws Exception {
        LabelDefinition week = spec.label();
        LabelDefinition fortnight =
                LabelDefinition.event(
                        "raw_network_events",
                        week.subscriberColumn(),
                        week.where(),
                        week.timeColumn(),
                        14,
                        false);
        LabelDefinition complaints =
                LabelDefinition.event(
                        "raw_complaints",
                        week.subscriberColumn(),
                        "TRUE",
                        week.timeColumn(),
                        7,
                        false);
        LocalDate early = ChurnHistory.FIRST_DAY.plusDays(9);
        LocalDate late = ChurnHistory.FIRST_DAY.plusDays(20);
        Map<LabelDefinition, List<LocalDate>> asked =
                Map.of(
                        week,
                        List.of(early, late),
                        fortnight,
                        List.of(late),
                        complaints,
                        List.of(early));

        Labels ahead = new Labels(new TemporaryLake(directory).sql());
        ahead.readAhead(asked);
        assertThat(ahead.queries()).as("one query per table").isEqualTo(2);
        for (Map.Entry<LabelDefinition, List<LocalDate>> e : asked.entrySet()) {
            Labels alone = new Labels(new TemporaryLake(directory).sql());
            Map<LocalDate, Set<String>> expected =
                    alone.subscribersWithEvent(e.getKey(), e.getValue());
            assertThat(expected.values()).allSatisfy(set -> assertThat(set).isNotEmpty());
            assertThat(ahead.subscribersWithEvent(e.getKey(), e.getValue()))
                    .as(e.getKey().where() + " within " + e.getKey().horizonDays() + " days")
                    .isEqualTo(expected);
        }
        assertThat(ahead.queries()).as("every answer came from the read-ahead").isEqualTo(2);
        // A day whose horizon starts before the span read ahead is read anew, not answered from
        // part of its horizon.
        List<LocalDate> before = List.of(ChurnHistory.FIRST_DAY.plusDays(2));
        assertThat(ahead.subscribersWithEvent(week, before))
                .isEqualTo(
                        new Labels(new TemporaryLake(directory).sql())
                                .subscribersWithEvent(week, before));
        assertThat(ahead.queries()).isEqualTo(3);
    }

    @Test
    void aLabelTheTableRefusesIsReportedAloneWhenReadAheadWithOthers() throws Exception {
        LabelDefinition unknownColumn = brokenLabel("no_such_column = 1");
        LabelDefinition unparsable = brokenLabel("type = = 'PORT_OUT_REQUEST'");
        LabelDefinition commented = brokenLabel("TRUE -- a comment to the end of its line");
        LocalDate asOf = ChurnHistory.FIRST_DAY.plusDays(20);
        Labels labels = new Labels(new TemporaryLake(directory).sql());

        labels.readAhead(
                Map.of(
                        spec.label(),
                        List.of(asOf),
                        unknownColumn,
                        List.of(asOf),
                        unparsable,
                        List.of(asOf),
                        commented,
                        List.of(asOf)));

        Set<String> portOuts = labels.subscribersWithEvent(spec.label(), List.of(asOf)).get(asOf);
        assertThat(portOuts).isNotEmpty();
        assertThat(labels.subscribersWithEvent(commented, List.of(asOf)).get(asOf))
                .containsAll(portOuts);
        assertThatThrownBy(() -> labels.subscribersWithEvent(unknownColumn, List.of(asOf)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the label query is refused")
                .hasMessageContaining("no_such_column");
        assertThatThrownBy(() -> labels.subscribersWithEvent(unparsable, List.of(asOf)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the label query is refused");
    }

    private LabelDefinition brokenLabel(String where) {
        return LabelDefinition.event(
                "raw_network_events",
                spec.label().subscriberColumn(),
                where,
                spec.label().timeColumn(),
                7,
                false);
    }

    @Test
    void windowsOfManyDaysFoldedInOneJobEqualTheSharedCodesFoldOfEachDay() throws Exception {
        LocalDate beforeHistory = ChurnHistory.FIRST_DAY.minusDays(3);
        List<LocalDate> days =
                List.of(
                        ChurnHistory.FIRST_DAY.plusDays(6),
                        ChurnHistory.FIRST_DAY.plusDays(20),
                        ChurnHistory.LAST_DAY,
                        beforeHistory);

        Map<LocalDate, Map<String, double[]>> folded = new WindowFeaturesJob(lake).collect(days);

        assertThat(folded).containsOnlyKeys(days);
        assertThat(folded.get(beforeHistory)).isEmpty();
        for (LocalDate day : days) {
            Map<String, FeatureWindows> expected = new HashMap<>();
            for (DailyTile tile : history.tiles()) {
                expected.computeIfAbsent(
                                tile.subscriber, s -> new FeatureWindows(s, day.toEpochDay()))
                        .add(tile);
            }
            expected.values().removeIf(w -> !w.isOurSubscriber());
            assertThat(folded.get(day).keySet()).as("as of " + day).isEqualTo(expected.keySet());
            expected.forEach(
                    (subscriber, windows) ->
                            assertThat(folded.get(day).get(subscriber))
                                    .as(subscriber + " as of " + day)
                                    .containsExactly(windows.vector(), within(1e-9)));
        }
    }

    @Test
    void theBatchRunScoresEverySubscriberWithTheCurrentVersion() throws Exception {
        ModelTraining training = new ModelTraining(lake, new Configuration());
        training.trainAll(List.of(spec), ChurnHistory.LAST_DAY, line -> {});
        List<ScoringModel> scorers = training.scorers(ChurnHistory.LAST_DAY);
        // Other tests of this class may have trained other models on the same lake.
        ScoringModel portOut =
                scorers.stream()
                        .filter(m -> m.model().equals("port_out_7d"))
                        .findFirst()
                        .orElseThrow();
        // Versions trained later than a day do not score it.
        assertThat(training.scorers(ChurnHistory.LAST_DAY.minusDays(1))).isEmpty();

        WindowFeaturesJob job = new WindowFeaturesJob(lake);
        Map<String, double[]> features = job.collect(ChurnHistory.LAST_DAY);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        job.build(env, ChurnHistory.LAST_DAY, scorers);
        env.execute(WindowFeaturesJob.JOB_NAME);

        Map<String, Double> scores = new HashMap<>();
        for (Record row : rows(Tables.MODEL_SCORES)) {
            if (row.getField("model").equals("port_out_7d")) {
                scores.put((String) row.getField("subscriber"), (Double) row.getField("score"));
            }
        }
        // Every subscriber still ours on the day is scored (those who ported out are not).
        assertThat(scores.keySet()).isEqualTo(features.keySet());
        assertThat(features.size()).isLessThan(600).isGreaterThan(400);
        features.forEach(
                (subscriber, vector) ->
                        assertThat(scores.get(subscriber)).isEqualTo(portOut.score(vector)));
        assertThat(rows(Tables.FEATURES_WINDOW)).hasSize(features.size());

        // Run again with no model to score (every one dropped from the registry): the day's
        // window features are rewritten, and no score of the earlier run is left standing.
        List<io.convergent.batch.lake.DayReplacement> replacing =
                job.replacing(ChurnHistory.LAST_DAY);
        StreamExecutionEnvironment again = StreamExecutionEnvironment.getExecutionEnvironment();
        job.build(again, ChurnHistory.LAST_DAY, List.of());
        again.execute(WindowFeaturesJob.JOB_NAME);
        for (io.convergent.batch.lake.DayReplacement replacement : replacing) {
            replacement.complete();
        }
        assertThat(rows(Tables.MODEL_SCORES))
                .noneMatch(row -> ChurnHistory.LAST_DAY.equals(row.getField("as_of_day")));
        assertThat(rows(Tables.FEATURES_WINDOW)).hasSize(features.size());
    }

    private List<Record> rows(String table) throws Exception {
        return TemporaryLake.tableRows(lake, table);
    }
}
