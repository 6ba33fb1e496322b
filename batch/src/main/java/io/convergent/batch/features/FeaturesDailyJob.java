package io.convergent.batch.features;

import io.convergent.batch.lake.DayReplacement;
import io.convergent.batch.lake.LakeHistory;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DailyTiles;
import io.convergent.common.table.Tables;
import io.convergent.streaming.features.DailyTileSerializer;
import io.convergent.streaming.lake.FeaturesDailyTable;
import io.convergent.streaming.lake.LakeTables;
import io.convergent.streaming.lake.RawTable;
import io.convergent.streaming.lake.TableColumnOrder;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.apache.iceberg.flink.source.IcebergSource;
import org.apache.iceberg.types.Types;

/**
 * The batch layer's feature recompute for one UTC day: every event of the day in the nine raw
 * tables, folded by {@link DailyTiles} (the code the speed layer runs too) into one {@link
 * DailyTile} per subscriber, written to {@code features_daily} with a dynamic overwrite, so the
 * day's partition is replaced and a re-run never adds a second tile.
 *
 * <p>Events are read by their event time's day, which is how the raw tables are partitioned: the
 * scan touches that day's files only.
 */
public final class FeaturesDailyJob {

    public static final String JOB_NAME = "convergent-features-daily";

    /** Tiles each table's source task folds before sending them on: ~25 MB of heap at most each. */
    static final int COMBINED_TILES = 50_000;

    private final Map<String, String> catalogProperties;

    public FeaturesDailyJob(Map<String, String> catalogProperties) {
        this.catalogProperties = Map.copyOf(catalogProperties);
    }

    /** Creates {@code features_daily} where missing. */
    public void prepareTables() throws Exception {
        LakeTables.prepare(catalogProperties, LakeTables::ensureFeatureTables);
    }

    /**
     * What a run of {@code day} replaces: taken before the run, completed after its commit, so the
     * day holds only what the run wrote even when it writes nothing.
     */
    public List<DayReplacement> replacing(LocalDate day) throws Exception {
        return List.of(DayReplacement.before(catalogProperties, Tables.FEATURES_DAILY, "day", day));
    }

    /**
     * Adds the recompute of {@code day} to {@code env}, and sets it to BATCH mode with object
     * reuse: every step here takes what it is handed at once (the combiner reads each raw row into
     * its held tiles, the merger holds the tiles it is handed, each deserialised afresh, the writer
     * encodes each row it is given), so Flink need not deep-copy rows and tiles between chained
     * steps.
     */
    public void build(StreamExecutionEnvironment env, LocalDate day) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.getConfig().enableObjectReuse();
        DataStream<DailyTile> contributions = null;
        for (InputTopic<?> topic : InputTopics.all()) {
            String table = Tables.rawTableOf(topic.name()).orElseThrow();
            // Only the columns the tiles are made of: under half of them, never decoded.
            DataStream<RowData> scanned =
                    scan(env, catalogProperties, table, day, day, columnsRead(topic.name()));
            // Chained to the scan, at its parallelism (see scan): a union in front, or any
            // other parallelism, would send every raw row across the network.
            DataStream<DailyTile> fromTable =
                    scanned.transform(
                                    "Tiles from " + table,
                                    DailyTileSerializer.TYPE,
                                    new TileCombiner(topic.name(), COMBINED_TILES))
                            .setParallelism(scanned.getParallelism());
            contributions = contributions == null ? fromTable : contributions.union(fromTable);
        }
        // Merged in a hash map, not a keyed (in BATCH mode: sorted) reduce; TileMerger says why.
        DataStream<RowData> rows =
                contributions
                        .partitionCustom(TileMerger.BY_SUBSCRIBER, tile -> tile.subscriber)
                        .transform(
                                "Tile per subscriber",
                                InternalTypeInfo.of(
                                        FlinkSchemaUtil.convert(FeaturesDailyTable.SCHEMA)),
                                new TileMerger());
        FlinkSink.forRowData(
                        TableColumnOrder.inTableOrder(
                                catalogProperties, Tables.FEATURES_DAILY, rows))
                .tableLoader(LakeTables.tableLoader(catalogProperties, Tables.FEATURES_DAILY))
                .overwrite(true)
                // Counted before any raw table is read: a later run tells a day that changed since.
                .setSnapshotProperty(LakeHistory.TILED_RAW_ROWS, Long.toString(rawRows(day)))
                .append();
    }

    /** The rows the raw tables hold for {@code day} now ({@link LakeHistory#rawRows}). */
    private long rawRows(LocalDate day) {
        try {
            return LakeTables.withCatalog(
                    catalogProperties, catalog -> LakeHistory.rawRows(catalog, day));
        } catch (Exception e) {
            throw new IllegalStateException("cannot count the raw rows of " + day, e);
        }
    }

    /** The columns of input topic {@code topic}'s raw table the recompute reads. */
    public static Schema columnsRead(String topic) {
        return TileCombiner.projectionOf(topic);
    }

    /**
     * The rows of raw table {@code table} whose event time falls on {@code day}, as a bounded
     * stream; the day is the tables' partition, so only its files are read.
     *
     * <p>The stream's parallelism is Iceberg's: the number of splits the scan plans (a day in one
     * file is read by one task), not the environment's. Work on each row belongs at that same
     * parallelism, chained to the reading task; at any other, Flink rebalances, and every row is
     * serialised, sent and read back before anything is done with it.
     */
    public static DataStream<RowData> scan(
            StreamExecutionEnvironment env,
            Map<String, String> catalogProperties,
            String table,
            LocalDate day) {
        return scan(env, catalogProperties, table, day, day);
    }

    /** The rows of raw table {@code table} of the days {@code first} to {@code last}, both in. */
    public static DataStream<RowData> scan(
            StreamExecutionEnvironment env,
            Map<String, String> catalogProperties,
            String table,
            LocalDate first,
            LocalDate last) {
        return scan(env, catalogProperties, table, first, last, null);
    }

    /**
     * As {@link #scan(StreamExecutionEnvironment, Map, String, LocalDate, LocalDate)}, the rows
     * holding only the columns of {@code projection}, in its order; when null, every column of the
     * table's declaration ({@link RawTableSchemas#schemaOf}), in the declared order that {@code
     * EventRowConverter} reads, whatever order an evolved table keeps them in.
     */
    public static DataStream<RowData> scan(
            StreamExecutionEnvironment env,
            Map<String, String> catalogProperties,
            String table,
            LocalDate first,
            LocalDate last,
            Schema projection) {
        long from = first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long to = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        // Iceberg compares timestamptz in microseconds.
        List<Expression> days =
                List.of(
                        Expressions.greaterThanOrEqual("event_time", from * 1000),
                        Expressions.lessThan("event_time", to * 1000));
        IcebergSource.Builder<RowData> source =
                IcebergSource.forRowData()
                        .tableLoader(LakeTables.tableLoader(catalogProperties, table))
                        .streaming(false)
                        .filters(days);
        Schema wanted = projection != null ? projection : RawTable.named(table).schema();
        source.project(byName(catalogProperties, table, wanted));
        return source.buildStream(env);
    }

    /**
     * {@code projection}'s columns as the table in the lake has them, in {@code projection}'s
     * order: Iceberg projects by column id, and a table evolved since it was made may number a
     * column differently from the declaration the projection was taken from.
     */
    public static Schema byName(
            Map<String, String> catalogProperties, String table, Schema projection) {
        Schema current;
        try (TableLoader loader = LakeTables.tableLoader(catalogProperties, table)) {
            loader.open();
            current = loader.loadTable().schema();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot load " + table, e);
        }
        List<Types.NestedField> columns = new ArrayList<>();
        for (Types.NestedField wanted : projection.columns()) {
            Types.NestedField column = current.findField(wanted.name());
            if (column == null) {
                throw new IllegalStateException(
                        table
                                + " has no column "
                                + wanted.name()
                                + ": its schema is older than"
                                + " this build (prepare the tables to evolve it)");
            }
            columns.add(column);
        }
        return new Schema(columns);
    }
}
