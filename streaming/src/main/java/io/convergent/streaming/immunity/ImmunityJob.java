package io.convergent.streaming.immunity;

import io.convergent.common.fraud.FraudPattern;
import io.convergent.common.fraud.FraudSignal;
import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.common.immunity.ImmunityHint;
import io.convergent.common.immunity.ImmunityRules;
import io.convergent.common.immunity.PublishedRules;
import io.convergent.common.table.Tables;
import io.convergent.common.topic.Topics;
import io.convergent.streaming.immunity.fraud.ContactMarker;
import io.convergent.streaming.immunity.fraud.FraudPatterns;
import io.convergent.streaming.immunity.fraud.FraudSignalRowMapper;
import io.convergent.streaming.immunity.fraud.FraudSignalSerializer;
import io.convergent.streaming.immunity.fraud.SignalOnMatch;
import io.convergent.streaming.immunity.fraud.StampedWhenKnown;
import io.convergent.streaming.immunity.fraud.SubscriberEvent;
import io.convergent.streaming.immunity.functions.CallerIdScreening;
import io.convergent.streaming.immunity.functions.CallerReputationLayer;
import io.convergent.streaming.immunity.functions.DecisionRowMapper;
import io.convergent.streaming.immunity.functions.DecisionSerializer;
import io.convergent.streaming.immunity.functions.HintSerializer;
import io.convergent.streaming.immunity.functions.RulesDeserializer;
import io.convergent.streaming.immunity.functions.SourceRecordDeserializer;
import io.convergent.streaming.immunity.functions.SpoofingDetector;
import io.convergent.streaming.lake.FraudSignalsTable;
import io.convergent.streaming.lake.ImmunityDecisionsTable;
import io.convergent.streaming.lake.LakeTables;
import io.convergent.streaming.lake.TableColumnOrder;
import io.convergent.streaming.runtime.ControlTopics;
import io.convergent.streaming.runtime.ControlWatermarks;
import io.convergent.streaming.runtime.FirstPerKey;
import io.convergent.streaming.runtime.KnownEventTimes;
import io.convergent.streaming.runtime.NetworkBuffers;
import io.convergent.streaming.runtime.OptionValues;
import io.convergent.streaming.runtime.RocksDBLookups;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.DistributionMode;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.sink.IcebergSink;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.rocksdb.CompressionType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Digital Immunity: decides every call on {@code telco.calls} (caller-id and reputation layers) and
 * publishes one decision per call to {@code immunity.decisions}; sends the bank fraud signals.
 *
 * <pre>
 * telco.calls, telco.network, telco.complaints, bank.sessions, bank.transactions
 *   + telco.data (a source of its own; only sessions in a foreign network are parsed)
 *   ── screening (numbering plan, parse and pseudonymise once)
 *   ├─ fraud events ── keyBy(subscriber) ── contact memory ── CEP patterns ── bank.fraud-signals
 *   │                                                                          └─ fraud_signals
 *   ├─ calls decided without state, complaints ───────────────┐
 *   ├─ our numbers from outside ── keyBy(number) ┐            │
 *   └─ roaming changes ──────────── keyBy(number) ┴─ spoofing ─┤
 *                                                             keyBy(caller) ── reputation ──┐
 *        (rules from control.immunity, broadcast to screening and reputation)               │
 *                                          every decision ── immunity.decisions (at-least-once)
 *                                            flagged only ── immunity.hints
 *                                    blocked or flagged only ── immunity_decisions
 * </pre>
 *
 * <p>Decisions are made in arrival order, not held for watermarks: the network waits for them while
 * the phone would ring. The sink is at-least-once with a deterministic decision id, so a restart
 * may repeat a decision but never changes one. Checkpointing and the state backend come from
 * Flink's configuration, as for the ingest job.
 */
public final class ImmunityJob {

    private static final Logger LOG = LoggerFactory.getLogger(ImmunityJob.class);

    public static final String JOB_NAME = "convergent-immunity";

    static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);

    /**
     * RocksDB's memtable size for this job's states. A checkpoint flushes every memtable to disk in
     * the operator's own task, and its input waits meanwhile: the decisions' operator, which writes
     * the caller's record on every call, stalled a median ~190 ms at each checkpoint with Flink's
     * 64 MB default, against ~95 ms with 4 MB memtables, which RocksDB flushes in the background as
     * they fill (bench immunity at 5,000 calls/s; docs/BENCHMARKS.md). Set in the job's own
     * configuration, so it holds on any cluster and wins over a cluster-wide setting.
     */
    public static final MemorySize MEMTABLE_SIZE = MemorySize.parse("4mb");

    /**
     * Level 1's size: what level 0 holds when RocksDB compacts it (four memtables), as RocksDB's
     * tuning guide sizes it. With Flink's default of 256 MB, every 16 MB flushed from the small
     * memtables was merged into a level 1 of up to 256 MB of random callers, rewriting most of it,
     * and each checkpoint then copied the rewritten files: at 20,000 calls/s the job wrote 88 MB/s
     * to disk, against 72 MB/s with this, and the checkpoints' copies fell from 7.3 % to 4.5 % of
     * its CPU (docs/BENCHMARKS.md, session 34).
     */
    public static final MemorySize LEVEL_1_SIZE = MEMTABLE_SIZE.multiply(4);

    /**
     * An SST file's size, at every level: level 1 in four files, so a compaction rewrites and a
     * checkpoint copies a part of it. A state of several GB is then some thousand files; not
     * measured at that size.
     */
    public static final MemorySize SST_FILE_SIZE = MEMTABLE_SIZE;

    /**
     * The input source's fetches wait up to this long for {@link #FETCH_MIN_BYTES}, and the
     * decisions' producers gather records for this long ({@code linger.ms}). At a busy moment every
     * request then carries many records instead of a handful: at 15,000 calls/s the broker answered
     * ~4,400 requests a second for this job and the benchmark, and the broker and the job took 1.95
     * of the 2 cores; with these waits, 1.5-1.6 cores and a lower p99 (docs/BENCHMARKS.md, session
     * 34). On a quiet line a call waits at most this long on the way in and {@link #LINGER_MS} on
     * the way out, 7 ms against a 50 ms budget.
     */
    static final int FETCH_MAX_WAIT_MS = 5;

    /** A fetch is answered at once when this much is waiting: see {@link #FETCH_MAX_WAIT_MS}. */
    static final int FETCH_MIN_BYTES = 64 * 1024;

    /** How long the decisions' producers gather records: see {@link #FETCH_MAX_WAIT_MS}. */
    static final int LINGER_MS = 2;

    /**
     * This job's RocksDB settings, in its own configuration so they hold on any cluster: bloom
     * filters, partitioned ({@link RocksDBLookups}); small memtables ({@link #MEMTABLE_SIZE}) and
     * levels sized to them ({@link #LEVEL_1_SIZE}), and no block compression. What the job keeps is
     * hashes, decayed counters (doubles) and pseudonyms, which Snappy barely shrinks, while
     * compressing and decompressing blocks was half of the compactions' CPU and a share of every
     * read of the caller's record: without it the decisions' task took 42 % fewer CPU samples at
     * 20,000 calls/s (docs/BENCHMARKS.md). The state on disk grows by what Snappy saved.
     */
    public static Configuration rocksDbSettings() {
        // The caller's record is looked up for every call, and most callers of a day are new to
        // the job: the lookups mostly miss, as the ingest's de-duplication's do. Partitioned
        // filters cost those lookups ~15 % more while a benchmark's few million callers fit the
        // cache, and keep them cheap when a real month of callers does not (the ingest's case).
        return RocksDBLookups.mostlyMissing()
                .set(RocksDBConfigurableOptions.WRITE_BUFFER_SIZE, MEMTABLE_SIZE)
                .set(RocksDBConfigurableOptions.MAX_SIZE_LEVEL_BASE, LEVEL_1_SIZE)
                .set(RocksDBConfigurableOptions.TARGET_FILE_SIZE_BASE, SST_FILE_SIZE)
                .set(
                        RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL,
                        List.of(CompressionType.NO_COMPRESSION));
    }

    static final Duration IDLENESS = Duration.ofMinutes(1);

    /**
     * How long a fraud signal's id is remembered, to drop the same signal from a second CEP
     * variant: a day, far past the latest a variant completes after another ({@link
     * FraudPatterns#LONGEST_CALL}).
     */
    static final Duration SIGNAL_MEMORY = Duration.ofDays(1);

    /** The metric counting the second and later matches of one signal, dropped. */
    public static final String REPEATED_SIGNALS_METRIC = "fraudSignalsRepeated";

    /** How long a subscriber's recent contacts are kept without a call. */
    static final Duration CONTACT_MEMORY = Duration.ofDays(30);

    private final ImmunityOptions options;

    public ImmunityJob(ImmunityOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public ImmunityOptions options() {
        return options;
    }

    /** Adds the whole job, from the Kafka sources to the decisions topic, to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        // A record goes on to the next task at once: Flink's default wait for a network buffer to
        // fill, 100 ms, is most of a ringing phone's budget, and a short timer costs a thread each.
        env.setBufferTimeout(NetworkBuffers.FLUSH_EACH_RECORD);
        // Chained operators hand each other the same object instead of a deep copy: every stream
        // element here is an immutable record, and the copies of each decision for its three
        // chained consumers (topic, hints, table) were a tenth of the decision path's time.
        env.getConfig().enableObjectReuse();
        env.configure(rocksDbSettings());
        DataStream<SourceRecord> input =
                env.fromSource(
                                inputSource(),
                                inputWatermarks(),
                                ImmunityOperatorIds.INPUT_SOURCE_NAME)
                        .uid(ImmunityOperatorIds.INPUT_SOURCE)
                        .union(
                                env.fromSource(
                                                dataSessionsSource(
                                                        dataSessionsStart(env.getConfiguration())),
                                                inputWatermarks(),
                                                ImmunityOperatorIds.DATA_SESSIONS_SOURCE_NAME)
                                        .uid(ImmunityOperatorIds.DATA_SESSIONS_SOURCE));
        DataStream<byte[]> rules =
                env.fromSource(
                                rulesSource(),
                                rulesWatermarks(),
                                ImmunityOperatorIds.RULES_SOURCE_NAME)
                        .uid(ImmunityOperatorIds.RULES_SOURCE)
                        .setParallelism(1);
        byte[] rulesAtStart = rulesInForce(options.bootstrapServers());
        SingleOutputStreamOperator<CallerSignal> screened =
                screened(input, rules, rulesAtStart, options);
        DataStream<ImmunityDecision> decisions = decisions(screened, rules, rulesAtStart, options);
        decisions
                .sinkTo(kafkaSink(new DecisionSerializer(Topics.IMMUNITY_DECISIONS)))
                .uid(ImmunityOperatorIds.DECISIONS_SINK)
                .name(ImmunityOperatorIds.DECISIONS_SINK_NAME);
        decisions
                .filter(ImmunityDecision::flagged)
                .uid(ImmunityOperatorIds.HINTS_FILTER)
                .name(ImmunityOperatorIds.HINTS_FILTER_NAME)
                .map(ImmunityHint::forFlaggedCall)
                .returns(TypeInformation.of(ImmunityHint.class))
                .uid(ImmunityOperatorIds.HINTS)
                .name(ImmunityOperatorIds.HINTS_NAME)
                .sinkTo(kafkaSink(new HintSerializer(Topics.IMMUNITY_HINTS)))
                .uid(ImmunityOperatorIds.HINTS_SINK)
                .name(ImmunityOperatorIds.HINTS_SINK_NAME);
        DataStream<FraudSignal> signals =
                fraudSignals(screened.getSideOutput(CallerIdScreening.FRAUD_EVENTS));
        signals.sinkTo(kafkaSink(new FraudSignalSerializer(Topics.BANK_FRAUD_SIGNALS)))
                .uid(ImmunityOperatorIds.FRAUD_SIGNALS_SINK)
                .name(ImmunityOperatorIds.FRAUD_SIGNALS_SINK_NAME);
        if (options.writesTable()) {
            DataStream<RowData> signalRows =
                    signals.map(new FraudSignalRowMapper())
                            .returns(
                                    InternalTypeInfo.of(
                                            FlinkSchemaUtil.convert(FraudSignalsTable.SCHEMA)))
                            .uid(ImmunityOperatorIds.FRAUD_SIGNAL_ROWS)
                            .name(ImmunityOperatorIds.FRAUD_SIGNAL_ROWS_NAME);
            appendTo(Tables.FRAUD_SIGNALS, ImmunityOperatorIds.FRAUD_SIGNALS_TABLE, signalRows);
            DataStream<RowData> rows =
                    decisions
                            .filter(decision -> decision.reason() != null)
                            .uid(ImmunityOperatorIds.DECISION_ROWS_FILTER)
                            .name(ImmunityOperatorIds.DECISION_ROWS_FILTER_NAME)
                            .map(new DecisionRowMapper())
                            .returns(
                                    InternalTypeInfo.of(
                                            FlinkSchemaUtil.convert(ImmunityDecisionsTable.SCHEMA)))
                            .uid(ImmunityOperatorIds.DECISION_ROWS)
                            .name(ImmunityOperatorIds.DECISION_ROWS_NAME);
            appendTo(Tables.IMMUNITY_DECISIONS, ImmunityOperatorIds.DECISIONS_TABLE, rows);
        }
    }

    /**
     * Appends {@code rows} to {@code table}, exactly once per checkpoint; the topics, not the
     * tables, are what the network and the bank wait on.
     */
    private void appendTo(String table, String uidSuffix, DataStream<RowData> declaredRows) {
        DataStream<RowData> rows =
                TableColumnOrder.inTableOrder(options.catalogProperties(), table, declaredRows);
        IcebergSink.forRowData(rows)
                .tableLoader(LakeTables.tableLoader(options.catalogProperties(), table))
                .uidSuffix(uidSuffix)
                .distributionMode(DistributionMode.NONE)
                .writeParallelism(rows.getParallelism())
                .append();
    }

    /** Creates {@code immunity_decisions} and {@code fraud_signals} where missing, if written. */
    public void prepareTables() throws Exception {
        if (!options.writesTable()) {
            return;
        }
        LakeTables.prepare(options.catalogProperties(), LakeTables::ensureImmunityTables);
    }

    /**
     * The middle of the job, independent of Kafka: any source of input records and rules documents
     * can feed it, and any sink can take its decisions.
     */
    /**
     * The bank fraud signals: each subscriber's calls, SIM swaps, call forwarding, new-device
     * logins and transfers to new beneficiaries, keyed by the subscriber, through the CEP patterns
     * of each {@link FraudPattern} (event time, each bounded by its {@code within}).
     */
    public static DataStream<FraudSignal> fraudSignals(
            DataStream<SubscriberEvent> subscriberEvents) {
        return patternSignals(
                subscriberEvents
                        .keyBy(SubscriberEvent::subscriber)
                        .process(new ContactMarker(CONTACT_MEMORY))
                        .returns(TypeInformation.of(SubscriberEvent.class))
                        .uid(ImmunityOperatorIds.CONTACTS)
                        .name(ImmunityOperatorIds.CONTACTS_NAME));
    }

    /**
     * The fraud patterns over events the contact memory has marked: each event re-stamped with the
     * time its record can exist ({@link StampedWhenKnown}), then keyed by subscriber through every
     * CEP pattern.
     */
    public static DataStream<FraudSignal> patternSignals(DataStream<SubscriberEvent> marked) {
        KeyedStream<SubscriberEvent, String> events =
                marked.transform(
                                ImmunityOperatorIds.FRAUD_EVENT_TIMES_NAME,
                                TypeInformation.of(SubscriberEvent.class),
                                new StampedWhenKnown())
                        .uid(ImmunityOperatorIds.FRAUD_EVENT_TIMES)
                        .keyBy(SubscriberEvent::subscriber);
        DataStream<FraudSignal> signals = null;
        for (FraudPattern pattern : FraudPattern.values()) {
            for (FraudPatterns.Variant variant : FraudPatterns.of(pattern)) {
                DataStream<FraudSignal> matches =
                        CEP.pattern(events, variant.pattern())
                                .inEventTime()
                                .process(new SignalOnMatch(pattern))
                                .returns(TypeInformation.of(FraudSignal.class))
                                .uid(ImmunityOperatorIds.fraudPattern(pattern, variant.name()))
                                .name(
                                        ImmunityOperatorIds.fraudPatternName(
                                                pattern, variant.name()));
                signals = signals == null ? matches : signals.union(matches);
            }
        }
        // One transfer can complete more than one CEP variant of a pattern, and each match makes
        // the same signal: the bank hears it once.
        return FirstPerKey.applyTo(
                        signals.keyBy(FraudSignal::signalId),
                        new FirstPerKey<>("seen", SIGNAL_MEMORY, REPEATED_SIGNALS_METRIC),
                        TypeInformation.of(FraudSignal.class))
                .uid(ImmunityOperatorIds.FRAUD_SIGNALS_ONCE)
                .name(ImmunityOperatorIds.FRAUD_SIGNALS_ONCE_NAME);
    }

    /**
     * The screening: parses and pseudonymises every input record once, decides what the numbering
     * plan alone can decide, and splits the rest (roaming checks and changes, fraud events) into
     * side outputs.
     */
    public static SingleOutputStreamOperator<CallerSignal> screened(
            DataStream<SourceRecord> input,
            DataStream<byte[]> rules,
            byte[] rulesAtStart,
            ImmunityOptions options) {
        return input.connect(rules.broadcast(CallerIdScreening.RULES_STATE))
                .process(new CallerIdScreening(options.keyFile(), rulesAtStart))
                .returns(TypeInformation.of(CallerSignal.class))
                .uid(ImmunityOperatorIds.SCREENING)
                .name(ImmunityOperatorIds.SCREENING_NAME);
    }

    /** The caller-id and reputation layers behind the screening: one decision per call. */
    public static DataStream<ImmunityDecision> decisions(
            SingleOutputStreamOperator<CallerSignal> screened,
            DataStream<byte[]> rules,
            byte[] rulesAtStart,
            ImmunityOptions options) {
        DataStream<CallerSignal> checkedAgainstRoaming =
                screened.getSideOutput(CallerIdScreening.ROAMING_CHECKS)
                        .keyBy(ScreenedCall::caller)
                        .connect(
                                screened.getSideOutput(CallerIdScreening.ROAMING_CHANGES)
                                        .keyBy(RoamingChange::subscriber))
                        .process(
                                new SpoofingDetector(
                                        options.roamingTtl(),
                                        options.homeGrace(),
                                        options.liveHorizon()))
                        .returns(TypeInformation.of(CallerSignal.class))
                        .uid(ImmunityOperatorIds.SPOOFING)
                        .name(ImmunityOperatorIds.SPOOFING_NAME);
        // Run by its own operator (Flink's keyed-broadcast operator, which fills the layer's
        // filter of known callers once open): the same state and savepoint layout as
        // .connect(rules.broadcast(RULES_STATE)).process(layer) in streaming mode, whose operator
        // cannot be chosen. (In BATCH mode process() would read the rules first; this job streams.)
        return screened.union(checkedAgainstRoaming)
                .keyBy(CallerSignal::caller)
                .connect(rules.broadcast())
                .transform(
                        ImmunityOperatorIds.REPUTATION_NAME,
                        TypeInformation.of(ImmunityDecision.class),
                        new CallerReputationLayer.Operator(
                                new CallerReputationLayer(
                                        options.callerQuietAfter(), rulesAtStart)))
                .uid(ImmunityOperatorIds.REPUTATION)
                .name(ImmunityOperatorIds.REPUTATION_NAME);
    }

    /** How long the job's start waits to read the rules in force: a broker answers in ms. */
    static final Duration RULES_AT_START_TIMEOUT = Duration.ofSeconds(5);

    /**
     * The rules document in force on {@code control.immunity} now (the usable one of the highest
     * version), for the operators to apply from their first record: the job reads the topic beside
     * its inputs, and on a start without a checkpoint a backlog's first calls and roaming changes
     * would otherwise be judged by the shipped plan. Null when none is published or the topic
     * cannot be read (said): the shipped rules then apply until a document arrives.
     */
    static byte[] rulesInForce(String bootstrapServers) {
        PublishedRules published = new PublishedRules();
        try {
            for (ConsumerRecord<byte[], byte[]> record :
                    ControlTopics.readAll(
                            bootstrapServers, Topics.CONTROL_IMMUNITY, RULES_AT_START_TIMEOUT)) {
                published.offer(record.value());
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not read the rules in force on {} before the start ({}): the shipped"
                            + " rules apply until the job reads a document",
                    Topics.CONTROL_IMMUNITY,
                    e.getClass().getSimpleName());
            return null;
        }
        return published.published().map(ImmunityRules::toJson).orElse(null);
    }

    /**
     * Live decisions do not wait for watermarks. Watermarks tell the spoofing detector when a
     * backlog call it would block can be decided: once every network event up to the call's start
     * has been read, from whichever partition.
     */
    static WatermarkStrategy<SourceRecord> inputWatermarks() {
        // A quiet partition (network events at night) must not stop the others, nor one whose
        // records have no time we can trust (unparseable, or too far ahead): those are no activity.
        return KnownEventTimes.boundedOutOfOrderness(
                OUT_OF_ORDERNESS, IDLENESS, (record, kafkaTime) -> record.eventTime());
    }

    /** Rules are not in event time: see {@link ControlWatermarks}. */
    static WatermarkStrategy<byte[]> rulesWatermarks() {
        return ControlWatermarks.neverHoldingBack();
    }

    private KafkaSource<SourceRecord> inputSource() {
        KafkaSourceBuilder<SourceRecord> builder =
                KafkaSource.<SourceRecord>builder()
                        .setBootstrapServers(options.bootstrapServers())
                        .setTopics(
                                List.of(
                                        Topics.TELCO_CALLS,
                                        Topics.TELCO_NETWORK,
                                        Topics.TELCO_COMPLAINTS,
                                        Topics.BANK_TRANSACTIONS,
                                        Topics.BANK_SESSIONS))
                        .setGroupId(options.groupId())
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new SourceRecordDeserializer())
                        .setProperty("partition.discovery.interval.ms", "60000")
                        .setProperty("client.id.prefix", options.groupId())
                        .setProperty("fetch.max.wait.ms", Integer.toString(FETCH_MAX_WAIT_MS))
                        .setProperty("fetch.min.bytes", Integer.toString(FETCH_MIN_BYTES));
        if (options.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * Where data sessions are first read from: with the other inputs (committed offsets, else the
     * earliest) for a job starting afresh, so a backlog's sessions are read beside its network
     * events; from the latest for a job restored from a checkpoint taken before it read data
     * sessions (its own position, once checkpointed, wins over this). Replaying the topic's history
     * over state that already holds the returns would put every past traveller abroad again.
     */
    static OffsetResetStrategy dataSessionsStart(ReadableConfig configuration) {
        return configuration.getOptional(StateRecoveryOptions.SAVEPOINT_PATH).isPresent()
                ? OffsetResetStrategy.LATEST
                : OffsetResetStrategy.EARLIEST;
    }

    private KafkaSource<SourceRecord> dataSessionsSource(OffsetResetStrategy start) {
        KafkaSourceBuilder<SourceRecord> builder =
                KafkaSource.<SourceRecord>builder()
                        .setBootstrapServers(options.bootstrapServers())
                        .setTopics(List.of(Topics.TELCO_DATA))
                        .setGroupId(options.groupId())
                        .setStartingOffsets(OffsetsInitializer.committedOffsets(start))
                        .setDeserializer(new SourceRecordDeserializer())
                        .setProperty("partition.discovery.interval.ms", "60000")
                        .setProperty("client.id.prefix", options.groupId() + "-data");
        if (options.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private KafkaSource<byte[]> rulesSource() {
        // Always from the start of the compacted topic: its last document is the rules in force.
        KafkaSourceBuilder<byte[]> builder =
                KafkaSource.<byte[]>builder()
                        .setBootstrapServers(options.bootstrapServers())
                        .setTopics(List.of(Topics.CONTROL_IMMUNITY))
                        .setGroupId(options.groupId() + "-rules")
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new RulesDeserializer())
                        .setProperty("client.id.prefix", options.groupId() + "-rules");
        if (options.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * An at-least-once sink tuned for latency: decisions and hints are waited for, so records
     * gather for only {@link #LINGER_MS}.
     */
    private <T> KafkaSink<T> kafkaSink(KafkaRecordSerializationSchema<T> serializer) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(options.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty("linger.ms", Integer.toString(LINGER_MS))
                .build();
    }

    /**
     * {@code flink run -c io.convergent.streaming.immunity.ImmunityJob
     * convergent-streaming-*-job.jar --convergent.kafka.bootstrap-servers HOST:PORT [--config
     * FILE]}
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> settings = OptionValues.fromArgs(args);
        ImmunityJob job = new ImmunityJob(ImmunityOptions.fromMap(settings));
        job.prepareTables();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        job.build(env);
        env.execute(JOB_NAME);
    }
}
