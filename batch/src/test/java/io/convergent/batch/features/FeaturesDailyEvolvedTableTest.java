package io.convergent.batch.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.batch.lake.RecordFiles;
import io.convergent.batch.sql.TemporaryLake;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.Ingress;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.ReleaseCause;
import io.convergent.common.event.schema.FieldKind;
import io.convergent.common.event.schema.FieldSpec;
import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DailyTiles;
import io.convergent.common.features.DistinctSketch;
import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.ColumnNames;
import io.convergent.streaming.lake.EventRowConverter;
import io.convergent.streaming.lake.FeaturesDailyTable;
import io.convergent.streaming.lake.LakeTables;
import io.convergent.streaming.lake.RawTable;
import io.convergent.streaming.lake.RawTableSchemas;
import io.convergent.streaming.lake.TableColumnOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.apache.iceberg.flink.sink.IcebergSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recompute reads only some columns of each raw table, and Iceberg projects by column id. A
 * table in the lake may number its columns otherwise than today's declaration does (made by an
 * older build, then evolved): the columns must still be found by name. Asking by the declared ids
 * instead fails here (end_time's id is release_cause's in the table: a string read as a time).
 * Writing has the mirror problem: Iceberg's sink writes by position, in the table's order, so rows
 * made in the declared order go through {@link TableColumnOrder} first.
 */
class FeaturesDailyEvolvedTableTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-20");
    private static final long NOON = DAY.toEpochDay() * 86_400_000L + 43_200_000L;

    @RegisterExtension static final MiniClusterExtension CLUSTER = TemporaryLake.sharedCluster();

    @TempDir Path directory;

    @Test
    void anEvolvedCallsTableGivesTheSameTiles() throws Exception {
        Map<String, String> lake = new TemporaryLake(directory).properties();
        List<CallEvent> calls = evolvedCallsTable(lake);

        FeaturesDailyJob job = new FeaturesDailyJob(lake);
        job.prepareTables();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        job.build(env, DAY);
        env.execute(FeaturesDailyJob.JOB_NAME);

        Map<String, Long> expected = new HashMap<>();
        for (CallEvent call : calls) {
            DailyTiles.contributions(
                    call,
                    t -> expected.merge(t.subscriber, t.callSecondsIn + t.callsOut, Long::sum));
        }
        Map<String, Long> written = new HashMap<>();
        for (Record row : TemporaryLake.tableRows(lake, Tables.FEATURES_DAILY)) {
            written.put(
                    (String) row.getField("subscriber"),
                    (Long) row.getField("call_seconds_in") + (Long) row.getField("calls_out"));
        }
        assertThat(written).hasSize(11).isEqualTo(expected);
        assertThat(expected.values()).anyMatch(v -> v > 40);
    }

    @Test
    void tilesOfAnEvolvedFeaturesTableAreReadByName() throws Exception {
        Map<String, String> lake = new TemporaryLake(directory).properties();
        // features_daily as a build without the last figure made it; preparing the tables evolves
        // it, which puts that figure after the sketch.
        String added = DailyTile.FIGURE_COLUMNS.get(DailyTile.FIGURE_COLUMNS.size() - 1);
        LakeTables.prepare(
                lake,
                catalog -> {
                    Schema older =
                            new Schema(
                                    FeaturesDailyTable.SCHEMA.columns().stream()
                                            .filter(c -> !c.name().equals(added))
                                            .toList());
                    catalog.buildTable(
                                    TableIdentifier.of(LakeTables.NAMESPACE, Tables.FEATURES_DAILY),
                                    older)
                            .withPartitionSpec(
                                    PartitionSpec.builderFor(older).identity("day").build())
                            .create();
                });
        WindowFeaturesJob windows = new WindowFeaturesJob(lake);
        windows.prepareTables();
        List<DailyTile> tiles = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            DailyTile tile = new DailyTile("k1.SUBSCRIBER" + s + "AAAAAAAAAAAA", DAY.toEpochDay());
            long[] figures = new long[DailyTile.FIGURE_COLUMNS.size()];
            for (int i = 0; i < figures.length; i++) {
                figures[i] = 100L * s + i + 1; // every column its own value
            }
            tile.setFigures(figures);
            DistinctSketch.add(tile.counterparts, "k1.a" + s);
            DistinctSketch.add(tile.counterparts, "k1.b" + s);
            tiles.add(tile);
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        DataStream<RowData> rows =
                env.fromData(
                        InternalTypeInfo.of(FlinkSchemaUtil.convert(FeaturesDailyTable.SCHEMA)),
                        tiles.stream().map(FeaturesDailyTable::toRow).toArray(RowData[]::new));
        FlinkSink.forRowData(TableColumnOrder.inTableOrder(lake, Tables.FEATURES_DAILY, rows))
                .tableLoader(LakeTables.tableLoader(lake, Tables.FEATURES_DAILY))
                .append();
        env.execute("write tiles to an evolved table");

        StreamExecutionEnvironment read = StreamExecutionEnvironment.getExecutionEnvironment();
        read.setParallelism(1);
        read.setRuntimeMode(RuntimeExecutionMode.BATCH);
        List<DailyTile> readBack = new ArrayList<>();
        windows.tiles(read, DAY, DAY).executeAndCollect().forEachRemaining(readBack::add);
        assertThat(readBack).containsExactlyInAnyOrderElementsOf(tiles);
    }

    @Test
    void wholeRowsOfAnEvolvedTableComeInTheDeclaredOrder() throws Exception {
        Map<String, String> lake = new TemporaryLake(directory).properties();
        List<CallEvent> calls = evolvedCallsTable(lake);

        assertThat(wholeCalls(lake)).containsExactlyInAnyOrderElementsOf(calls);
    }

    @Test
    void rowsWrittenToAnEvolvedTableLandInTheirColumns() throws Exception {
        Map<String, String> lake = new TemporaryLake(directory).properties();
        List<CallEvent> calls = calls();
        LakeTables.prepare(lake, catalog -> olderCallsTableEvolved(catalog));

        // As the ingest writes: rows made in the declared order, then in the table's.
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        EventRowConverter<CallEvent> converter = new EventRowConverter<>(CallEvent.SCHEMA);
        DataStream<RowData> declared =
                env.fromData(
                        RawTable.named(Tables.RAW_CALLS).rowTypeInfo(),
                        calls.stream().map(converter::toRow).toArray(RowData[]::new));
        IcebergSink.forRowData(TableColumnOrder.inTableOrder(lake, Tables.RAW_CALLS, declared))
                .tableLoader(LakeTables.tableLoader(lake, Tables.RAW_CALLS))
                .append();
        env.execute("write an evolved table");

        assertThat(wholeCalls(lake)).containsExactlyInAnyOrderElementsOf(calls);
    }

    @Test
    void aTableOlderThanTheBuildIsRefusedNamingTheColumnItLacks() throws Exception {
        Map<String, String> lake = new TemporaryLake(directory).properties();
        LakeTables.prepare(
                lake,
                catalog -> {
                    Schema older = withoutAnswerTime();
                    catalog.buildTable(
                                    TableIdentifier.of(LakeTables.NAMESPACE, Tables.RAW_CALLS),
                                    older)
                            .withPartitionSpec(RawTableSchemas.partitionSpecOf(older))
                            .create();
                });
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        assertThatThrownBy(() -> FeaturesDailyJob.scan(env, lake, Tables.RAW_CALLS, DAY, DAY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("raw_calls has no column answer_time");
    }

    /** The day's calls as the recompute scans them: whole rows, in the declared order. */
    private static List<CallEvent> wholeCalls(Map<String, String> lake) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<CallEvent> read = new ArrayList<>();
        try (var rows =
                FeaturesDailyJob.scan(env, lake, Tables.RAW_CALLS, DAY, DAY)
                        .map(row -> new EventRowConverter<>(CallEvent.SCHEMA).fromRow(row))
                        .returns(CallEvent.class)
                        .executeAndCollect()) {
            rows.forEachRemaining(read::add);
        }
        return read;
    }

    /** The calls table of a build that had neither answer_time nor kafka_timestamp. */
    private static Schema withoutAnswerTime() {
        return new Schema(
                RawTableSchemas.schemaOf(InputTopics.CALLS).columns().stream()
                        .filter(c -> !c.name().equals("answer_time"))
                        .filter(c -> !c.name().equals(RawTableSchemas.KAFKA_TIMESTAMP_COLUMN))
                        .toList());
    }

    /**
     * Forty calls in a calls table made by a build without answer_time, then evolved: answer_time
     * is its last column, and it and every column after it are numbered otherwise than in today's
     * declaration.
     */
    private static List<CallEvent> evolvedCallsTable(Map<String, String> lake) throws Exception {
        List<CallEvent> calls = calls();
        LakeTables.prepare(
                lake,
                catalog -> {
                    Table table = olderCallsTableEvolved(catalog);
                    try {
                        table.newAppend()
                                .appendFile(
                                        RecordFiles.write(
                                                table, records(table.schema(), calls), "t"))
                                .commit();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        return calls;
    }

    /**
     * A calls table made by a build that had no answer_time, then brought up to date: evolving it
     * appends answer_time, so answer_time and every column after it are numbered and placed
     * otherwise than in today's declaration (end_time is 8 there, 9 in the declaration).
     */
    private static Table olderCallsTableEvolved(Catalog catalog) {
        Schema older = withoutAnswerTime();
        TableIdentifier id = TableIdentifier.of(LakeTables.NAMESPACE, Tables.RAW_CALLS);
        catalog.buildTable(id, older)
                .withPartitionSpec(RawTableSchemas.partitionSpecOf(older))
                .create();
        LakeTables.ensureIngestTables(catalog);
        Table table = catalog.loadTable(id);
        Schema schema = table.schema();
        assertThat(schema.findField("end_time").fieldId()).isEqualTo(8);
        assertThat(schema.findField("answer_time").fieldId()).isEqualTo(12);
        assertThat(schema.columns().get(schema.columns().size() - 2).name())
                .isEqualTo("answer_time");
        assertThat(schema.columns().get(schema.columns().size() - 1).name())
                .isEqualTo(RawTableSchemas.KAFKA_TIMESTAMP_COLUMN);
        return table;
    }

    private static List<CallEvent> calls() {
        List<CallEvent> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            boolean answered = i % 3 != 0;
            long start = NOON + i * 60_000L;
            calls.add(
                    new CallEvent(
                            "e" + i,
                            start,
                            "call-" + i,
                            "k1.caller-" + (i % 4),
                            "k1.callee-" + (i % 7),
                            Ingress.ON_NET,
                            start,
                            answered ? start + 2_000 : null,
                            start + 2_000 + i * 1_000L,
                            answered ? ReleaseCause.NORMAL : ReleaseCause.NO_ANSWER,
                            null,
                            "cell-" + i));
        }
        return calls;
    }

    /** The calls as records of {@code schema}, field by field by column name. */
    private static List<Record> records(Schema schema, List<CallEvent> calls) {
        List<FieldSpec> fields = CallEvent.SCHEMA.fields();
        List<Record> records = new ArrayList<>();
        for (CallEvent call : calls) {
            Object[] values = CallEvent.SCHEMA.values(call);
            GenericRecord record = GenericRecord.create(schema);
            for (int i = 0; i < fields.size(); i++) {
                Object value = values[i];
                if (value instanceof Enum<?> e) {
                    value = e.name();
                } else if (value != null && fields.get(i).kind() == FieldKind.TIMESTAMP) {
                    value = Instant.ofEpochMilli((Long) value).atOffset(ZoneOffset.UTC);
                }
                record.setField(ColumnNames.of(fields.get(i).name()), value);
            }
            records.add(record);
        }
        return records;
    }
}
