package io.convergent.batch.features;

import io.convergent.batch.lake.DayReplacement;
import io.convergent.common.features.DailyTile;
import io.convergent.common.features.FeatureCatalog;
import io.convergent.common.features.FeatureWindows;
import io.convergent.common.models.ScoringModel;
import io.convergent.common.models.TreeEnsemble;
import io.convergent.common.table.Tables;
import io.convergent.streaming.features.DailyTileSerializer;
import io.convergent.streaming.lake.FeaturesDailyTable;
import io.convergent.streaming.lake.LakeTables;
import io.convergent.streaming.lake.ModelTables;
import io.convergent.streaming.lake.TableColumnOrder;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.CloseableIterator;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.apache.iceberg.flink.source.IcebergSource;

/**
 * Window features as of the end of a day: each subscriber's {@code features_daily} tiles of the 90
 * days up to it folded by {@link FeatureWindows} (the catalog's code), for our own subscribers only
 * (a number seen only as the other party of their calls has tiles but is no subscriber, and one
 * whose activity ended with a port-out request has left). The batch run writes them to {@code
 * features_window} and scores every model on them into {@code model_scores}, both with a dynamic
 * overwrite of the day; training collects them instead.
 */
public final class WindowFeaturesJob {

    public static final String JOB_NAME = "convergent-window-features";

    private final Map<String, String> catalogProperties;

    public WindowFeaturesJob(Map<String, String> catalogProperties) {
        this.catalogProperties = Map.copyOf(catalogProperties);
    }

    /**
     * Creates {@code features_window}, {@code model_registry} and {@code model_scores} where
     * missing.
     */
    public void prepareTables() throws Exception {
        LakeTables.prepare(
                catalogProperties,
                catalog -> {
                    LakeTables.ensureFeatureTables(catalog);
                    LakeTables.ensureModelTables(catalog);
                });
    }

    /**
     * What a run as of {@code asOf} replaces: taken before the run, completed after its commit, so
     * the day's window features and scores are only what the run wrote (no scores of a model the
     * run did not score).
     */
    public List<DayReplacement> replacing(LocalDate asOf) throws Exception {
        return List.of(
                DayReplacement.before(catalogProperties, Tables.FEATURES_WINDOW, "as_of_day", asOf),
                DayReplacement.before(catalogProperties, Tables.MODEL_SCORES, "as_of_day", asOf));
    }

    /**
     * Adds to {@code env} (run in BATCH mode) the write of {@code asOf}'s window features and of
     * every subscriber's score under each of {@code models}.
     */
    public void build(StreamExecutionEnvironment env, LocalDate asOf, List<ScoringModel> models) {
        DataStream<FeatureWindows> windows = windows(env, asOf);
        int asOfDay = (int) asOf.toEpochDay();
        DataStream<RowData> featureRows =
                windows.map(w -> featureRow(asOfDay, w))
                        .returns(
                                InternalTypeInfo.of(
                                        FlinkSchemaUtil.convert(
                                                ModelTables.FEATURES_WINDOW_SCHEMA)))
                        .name("Rows for " + Tables.FEATURES_WINDOW);
        FlinkSink.forRowData(
                        TableColumnOrder.inTableOrder(
                                catalogProperties, Tables.FEATURES_WINDOW, featureRows))
                .tableLoader(LakeTables.tableLoader(catalogProperties, Tables.FEATURES_WINDOW))
                .overwrite(true)
                .append();
        if (models.isEmpty()) {
            return;
        }
        List<ScoringModel> scorers = List.copyOf(models);
        DataStream<RowData> scores =
                windows.<RowData>flatMap(
                                (w, out) -> {
                                    TreeEnsemble.Inputs inputs = TreeEnsemble.Inputs.of(w.vector());
                                    for (ScoringModel model : scorers) {
                                        out.collect(scoreRow(asOfDay, model, w.subscriber, inputs));
                                    }
                                })
                        .returns(
                                InternalTypeInfo.of(
                                        FlinkSchemaUtil.convert(ModelTables.SCORES_SCHEMA)))
                        .name("Scores of " + scorers.size() + " models");
        FlinkSink.forRowData(
                        TableColumnOrder.inTableOrder(
                                catalogProperties, Tables.MODEL_SCORES, scores))
                .tableLoader(LakeTables.tableLoader(catalogProperties, Tables.MODEL_SCORES))
                .overwrite(true)
                .append();
    }

    /**
     * Runs a job that folds the window features as of {@code asOf} and returns them by subscriber:
     * what training reads.
     */
    public Map<String, double[]> collect(LocalDate asOf) throws Exception {
        return collect(List.of(asOf)).get(asOf);
    }

    /**
     * Runs one job that folds the window features as of each of {@code asOfDays} and returns them
     * by day, then subscriber (an empty map for a day without tiles). One scan of the tiles the
     * days' windows span, not one job per day: training needs ten as-of days, and each job costs a
     * local cluster's start and a scan of 90 days.
     */
    public Map<LocalDate, Map<String, double[]>> collect(Collection<LocalDate> asOfDays)
            throws Exception {
        Map<LocalDate, Map<String, double[]>> features = new TreeMap<>();
        for (LocalDate day : asOfDays) {
            features.put(day, new HashMap<>());
        }
        if (features.isEmpty()) {
            return features;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        try (CloseableIterator<Tuple3<Long, String, double[]>> it =
                windows(env, features.keySet())
                        .map(w -> Tuple3.of(w.asOfDay, w.subscriber, w.vector()))
                        .returns(
                                Types.TUPLE(
                                        Types.LONG,
                                        Types.STRING,
                                        Types.PRIMITIVE_ARRAY(Types.DOUBLE)))
                        .executeAndCollect(JOB_NAME + " as of " + describe(features.keySet()))) {
            it.forEachRemaining(t -> features.get(LocalDate.ofEpochDay(t.f0)).put(t.f1, t.f2));
        }
        return features;
    }

    /** Our subscribers' folded windows as of {@code asOf}, one per subscriber. */
    public DataStream<FeatureWindows> windows(StreamExecutionEnvironment env, LocalDate asOf) {
        return windows(env, List.of(asOf));
    }

    /**
     * Our subscribers' folded windows as of each of {@code asOfDays}, one per subscriber and day,
     * from one scan of the tiles of the days any of the windows covers.
     */
    public DataStream<FeatureWindows> windows(
            StreamExecutionEnvironment env, Collection<LocalDate> asOfDays) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        long[] days =
                asOfDays.stream().mapToLong(LocalDate::toEpochDay).sorted().distinct().toArray();
        if (days.length == 0) {
            throw new IllegalArgumentException("no as-of day to fold windows for");
        }
        int longest = FeatureCatalog.LONGEST_WINDOW;
        LocalDate first = LocalDate.ofEpochDay(days[0]);
        LocalDate last = LocalDate.ofEpochDay(days[days.length - 1]);
        return tiles(env, first.minusDays(longest - 1), last)
                .keyBy(tile -> tile.subscriber)
                .process(new WindowFold(days))
                .returns(TypeInformation.of(FeatureWindows.class))
                .name("Windows of our subscribers as of " + describe(asOfDays));
    }

    /**
     * The tiles of {@code features_daily} from {@code first} to {@code last}, read by column name:
     * a table made by an older build and evolved since has a figure added later after the sketch,
     * where reading by position would take one column for another.
     */
    DataStream<DailyTile> tiles(StreamExecutionEnvironment env, LocalDate first, LocalDate last) {
        DataStream<RowData> rows =
                IcebergSource.forRowData()
                        .tableLoader(
                                LakeTables.tableLoader(catalogProperties, Tables.FEATURES_DAILY))
                        .streaming(false)
                        .filters(
                                List.of(
                                        Expressions.greaterThanOrEqual("day", first.toString()),
                                        Expressions.lessThanOrEqual("day", last.toString())))
                        .project(
                                FeaturesDailyJob.byName(
                                        catalogProperties,
                                        Tables.FEATURES_DAILY,
                                        FeaturesDailyTable.SCHEMA))
                        .buildStream(env);
        return rows.map(FeaturesDailyTable::fromRow)
                .returns(DailyTileSerializer.TYPE)
                .name("Tiles")
                // In the reading task (see FeaturesDailyJob.scan): no row crosses the network.
                .setParallelism(rows.getParallelism());
    }

    /** "2026-11-25", or "10 days, 2026-09-12 to 2026-11-18". */
    private static String describe(Collection<LocalDate> days) {
        TreeSet<LocalDate> sorted = new TreeSet<>(days);
        return sorted.size() == 1
                ? sorted.first().toString()
                : sorted.size() + " days, " + sorted.first() + " to " + sorted.last();
    }

    private static RowData featureRow(int asOfDay, FeatureWindows windows) {
        double[] vector = windows.vector();
        GenericRowData row = new GenericRowData(2 + vector.length);
        row.setField(0, asOfDay);
        row.setField(1, StringData.fromString(windows.subscriber));
        for (int i = 0; i < vector.length; i++) {
            row.setField(2 + i, vector[i]);
        }
        return row;
    }

    private static RowData scoreRow(
            int asOfDay, ScoringModel model, String subscriber, TreeEnsemble.Inputs inputs) {
        return GenericRowData.of(
                asOfDay,
                StringData.fromString(model.model()),
                StringData.fromString(model.version()),
                StringData.fromString(subscriber),
                model.score(inputs));
    }
}
