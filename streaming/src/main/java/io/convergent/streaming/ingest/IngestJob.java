package io.convergent.streaming.ingest;

import io.convergent.common.event.InputTopics;
import io.convergent.common.identity.PseudonymKeyRing;
import io.convergent.common.table.Tables;
import io.convergent.streaming.deadletter.DeadLetters;
import io.convergent.streaming.deadletter.RejectedRecord;
import io.convergent.streaming.ingest.functions.EventRouter;
import io.convergent.streaming.ingest.functions.FirstSeenFilter;
import io.convergent.streaming.ingest.functions.ParsingDeserializer;
import io.convergent.streaming.ingest.functions.RejectedRowMapper;
import io.convergent.streaming.lake.LakeTables;
import io.convergent.streaming.lake.RawTable;
import io.convergent.streaming.lake.RejectedEventsTable;
import io.convergent.streaming.lake.TableColumnOrder;
import io.convergent.streaming.runtime.FirstPerKey;
import io.convergent.streaming.runtime.NetworkBuffers;
import io.convergent.streaming.runtime.OptionValues;
import io.convergent.streaming.runtime.RocksDBLookups;
import io.convergent.streaming.speedview.SpeedView;
import io.convergent.streaming.speedview.SpeedViewOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.DistributionMode;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.maintenance.api.ExpireSnapshotsConfig;
import org.apache.iceberg.flink.maintenance.api.FlinkMaintenanceConfig;
import org.apache.iceberg.flink.maintenance.api.RewriteDataFilesConfig;
import org.apache.iceberg.flink.sink.IcebergSink;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Speed layer, part 1: every input topic into the Iceberg master dataset, exactly once.
 *
 * <pre>
 * Kafka (9 input topics) ── parse, validate, pseudonymise (in the source; event-time watermarks)
 *   ├─ accepted ── by table ── keyBy(event_id) ── first sighting only ── Iceberg raw_* (one sink each)
 *   └─ rejected ──┬─ events.dlq (raw bytes + reason headers, at-least-once)
 *                 └─ scrub ── Iceberg rejected_events
 * </pre>
 *
 * <p>With the speed view enabled, the de-duplicated rows also feed {@link SpeedView}: today's tiles
 * to {@code features.realtime} and each subscriber's state to {@code subscriber.state}.
 *
 * <p>Exactly once comes from Flink's checkpoints: Kafka offsets, the dedup state and the Iceberg
 * sinks' pending files are checkpointed together, and Iceberg commits a checkpoint's files once,
 * after it completes. Table upkeep (compaction, snapshot expiry) runs in the same job after
 * commits. Checkpointing and the state backend come from Flink's configuration: {@link
 * io.convergent.streaming.runtime.LocalFlink} sets them for {@code up}, a cluster sets its own. The
 * job itself sets RocksDB's table options ({@link io.convergent.streaming.runtime.RocksDBLookups})
 * and its network buffer timeout (0), over what the cluster sets.
 *
 * <p>{@code main} is what {@code flink run} starts with the shaded {@code -job} jar.
 */
public final class IngestJob {

    public static final String JOB_NAME = "convergent-ingest";

    private final IngestOptions options;
    private final SpeedViewOptions speedView;

    /** The ingest job alone, without the speed view. */
    public IngestJob(IngestOptions options) {
        this(options, SpeedViewOptions.fromMap(Map.of(SpeedViewOptions.ENABLED, "false")));
    }

    /** The ingest job, and the speed view over its rows when {@code speedView} enables it. */
    public IngestJob(IngestOptions options, SpeedViewOptions speedView) {
        this.options = Objects.requireNonNull(options, "options");
        this.speedView = Objects.requireNonNull(speedView, "speedView");
    }

    public IngestOptions options() {
        return options;
    }

    /** Creates the tables the job writes, where missing; the job graph needs them to exist. */
    public void prepareTables() throws Exception {
        LakeTables.prepare(options.catalogProperties(), LakeTables::ensureIngestTables);
    }

    /** Adds the whole job, from the Kafka source to the Iceberg and dead-letter sinks, to env. */
    public void build(StreamExecutionEnvironment env) {
        // Each record is handed on by reference inside an operator chain, not copied; no
        // function of this job keeps or mutates its input.
        env.getConfig().enableObjectReuse();
        // Every hop sends a record at once: the speed view's freshness rides on them, and a
        // positive timeout would run a flusher thread for each of the job's ~140 task outputs.
        env.setBufferTimeout(NetworkBuffers.FLUSH_EACH_RECORD);
        // The dedup's lookups are nearly all misses (a new event id).
        env.configure(RocksDBLookups.mostlyMissing());
        DataStream<IngestRecord> parsed =
                env.fromSource(kafkaSource(), watermarks(options), OperatorIds.KAFKA_SOURCE_NAME)
                        .uid(OperatorIds.KAFKA_SOURCE);
        Split split = split(parsed, options.dedupTtl(), options.dedupFilterMaxBytes());
        split.rowsByTable().forEach(this::sinkToIceberg);
        if (speedView.enabled()) {
            // A bounded run ends without firing pending processing-time timers: publish every
            // change then, or the last growth of a tile would be lost.
            SpeedViewOptions view =
                    options.bounded() ? speedView.publishingEveryChange() : speedView;
            SpeedView.sinkToKafka(
                    new SpeedView(view).build(split.rowsByTable()), options.bootstrapServers());
        }
        split.rejected()
                .sinkTo(DeadLetters.sink(options.bootstrapServers()))
                .uid(OperatorIds.DEAD_LETTER_SINK)
                .name(OperatorIds.DEAD_LETTER_SINK_NAME);
        DataStream<RowData> rejectedRows =
                split.rejected()
                        .map(new RejectedRowMapper())
                        .returns(
                                InternalTypeInfo.of(
                                        FlinkSchemaUtil.convert(RejectedEventsTable.SCHEMA)))
                        .uid(OperatorIds.REJECTED_ROWS)
                        .name(OperatorIds.REJECTED_ROWS_NAME);
        sinkToIceberg(Tables.REJECTED_EVENTS, rejectedRows);
    }

    /** The parsed stream split by destination, each raw table's rows de-duplicated. */
    public record Split(
            Map<String, DataStream<RowData>> rowsByTable, DataStream<RejectedRecord> rejected) {}

    /**
     * The middle of the job, independent of Kafka and Iceberg: routes parsed records by table,
     * drops re-sent event ids, and sets rejections aside. Any source of parsed records can feed it
     * and any sinks can take its streams.
     */
    public static Split split(
            DataStream<IngestRecord> parsed, Duration dedupTtl, long dedupFilterMaxBytes) {
        SingleOutputStreamOperator<Void> routed =
                parsed.process(new EventRouter())
                        .uid(OperatorIds.ROUTER)
                        .name(OperatorIds.ROUTER_NAME)
                        // Whatever the environment's default: the speed view's freshness rides
                        // on this hop.
                        .setBufferTimeout(NetworkBuffers.FLUSH_EACH_RECORD);
        Map<String, DataStream<RowData>> rowsByTable = new LinkedHashMap<>();
        for (RawTable table : RawTable.all()) {
            DataStream<RowData> firstSightings =
                    FirstPerKey.applyTo(
                                    routed.getSideOutput(IngestOutputs.rowsOf(table))
                                            .keyBy(IngestJob::eventIdOf),
                                    new FirstSeenFilter(dedupTtl),
                                    table.rowTypeInfo(),
                                    dedupFilterMaxBytes)
                            .uid(OperatorIds.dedup(table.name()))
                            .name(OperatorIds.dedupName(table.name()));
            rowsByTable.put(table.name(), firstSightings);
        }
        return new Split(rowsByTable, routed.getSideOutput(IngestOutputs.REJECTED));
    }

    /** Rows are keyed by their first column, {@code event_id}. */
    static String eventIdOf(RowData row) {
        return row.getString(0).toString();
    }

    static WatermarkStrategy<IngestRecord> watermarks(IngestOptions options) {
        return WatermarkStrategy.<IngestRecord>forBoundedOutOfOrderness(options.maxOutOfOrderness())
                .withTimestampAssigner((record, kafkaTime) -> record.eventTime())
                // A quiet topic (complaints at night) must not hold every table's watermark back.
                .withIdleness(options.idleness());
    }

    private KafkaSource<IngestRecord> kafkaSource() {
        KafkaSourceBuilder<IngestRecord> builder =
                KafkaSource.<IngestRecord>builder()
                        .setBootstrapServers(options.bootstrapServers())
                        .setTopics(InputTopics.all().stream().map(t -> t.name()).toList())
                        .setGroupId(options.groupId())
                        // Offsets live in the checkpoint; the group's committed offsets are only
                        // where a job without a checkpoint resumes (and what lag monitors read).
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new ParsingDeserializer(options.keyFile()))
                        .setProperty("partition.discovery.interval.ms", "60000")
                        .setProperty("client.id.prefix", options.groupId());
        if (options.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private void sinkToIceberg(String table, DataStream<RowData> declaredRows) {
        DataStream<RowData> rows =
                TableColumnOrder.inTableOrder(options.catalogProperties(), table, declaredRows);
        IcebergSink.Builder sink =
                IcebergSink.forRowData(rows)
                        .tableLoader(LakeTables.tableLoader(options.catalogProperties(), table))
                        .uidSuffix(OperatorIds.icebergSink(table))
                        // Rows stay on the writer of the subtask that de-duplicated them.
                        .distributionMode(DistributionMode.NONE)
                        .writeParallelism(rows.getParallelism());
        if (options.tableMaintenance()) {
            String commits = Integer.toString(options.compactionCommits());
            sink.rewriteDataFiles(
                            Map.of(
                                    RewriteDataFilesConfig.SCHEDULE_ON_COMMIT_COUNT,
                                    commits,
                                    RewriteDataFilesConfig.SCHEDULE_ON_INTERVAL_SECOND,
                                    "600"))
                    .expireSnapshots(
                            Map.of(
                                    ExpireSnapshotsConfig.SCHEDULE_ON_COMMIT_COUNT,
                                    commits,
                                    ExpireSnapshotsConfig.MAX_SNAPSHOT_AGE_SECONDS,
                                    Long.toString(options.snapshotMaxAge().toSeconds()),
                                    ExpireSnapshotsConfig.RETAIN_LAST,
                                    "5"))
                    .set(FlinkMaintenanceConfig.PARALLELISM, "1")
                    .set(
                            FlinkMaintenanceConfig.RATE_LIMIT,
                            Long.toString(options.maintenanceRateLimit().toSeconds()));
        }
        sink.append();
    }

    /**
     * {@code flink run -c io.convergent.streaming.ingest.IngestJob convergent-streaming-*-job.jar
     * --convergent.kafka.bootstrap-servers HOST:PORT --convergent.lake.uri ... [--config FILE]}
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> settings = OptionValues.fromArgs(args);
        IngestOptions options = IngestOptions.fromMap(settings);
        // Fail on the client, with the reason, rather than in every task manager.
        PseudonymKeyRing.load(System.getenv(), options.keyFile());
        IngestJob job = new IngestJob(options, SpeedViewOptions.fromMap(settings));
        job.prepareTables();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        job.build(env);
        env.execute(JOB_NAME);
    }
}
