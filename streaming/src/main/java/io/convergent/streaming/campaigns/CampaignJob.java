package io.convergent.streaming.campaigns;

import io.convergent.common.campaigns.CampaignTrigger;
import io.convergent.common.table.Tables;
import io.convergent.common.topic.Topics;
import io.convergent.streaming.campaigns.functions.CampaignControlDeserializer;
import io.convergent.streaming.campaigns.functions.CampaignEvaluator;
import io.convergent.streaming.campaigns.functions.CampaignRowMappers;
import io.convergent.streaming.campaigns.functions.CampaignScreening;
import io.convergent.streaming.campaigns.functions.CampaignSourceDeserializer;
import io.convergent.streaming.campaigns.functions.TriggerSerializer;
import io.convergent.streaming.deadletter.DeadLetters;
import io.convergent.streaming.lake.CampaignTables;
import io.convergent.streaming.lake.LakeTables;
import io.convergent.streaming.lake.TableColumnOrder;
import io.convergent.streaming.runtime.ControlWatermarks;
import io.convergent.streaming.runtime.KnownEventTimes;
import io.convergent.streaming.runtime.NetworkBuffers;
import io.convergent.streaming.runtime.OptionValues;
import io.convergent.streaming.runtime.WholeTopicsFirst;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.DistributionMode;
import org.apache.iceberg.Schema;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.sink.IcebergSink;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Event-triggered CRM campaigns: every subscriber's network, billing and bank-product events judged
 * against the campaigns in force, under one contact policy; offers to {@code crm.triggers}.
 *
 * <pre>
 * telco.network, telco.billing, bank.products, scores.realtime, control.contact-preferences
 *   ── screening (parse, pseudonymise, keep what campaigns read) ── unreadable scores and
 *                                               preferences ── events.dlq (at-least-once)
 *   ── keyBy(subscriber) ── evaluation (CampaignEngine) ─┬─ sent ── crm.triggers (at-least-once)
 *        (campaigns from control.campaigns, broadcast) ──┘  ├─ every trigger ── campaign_triggers
 *                                                           └─ conversions ── campaign_outcomes
 * </pre>
 *
 * <p>Campaigns are judged in arrival order, not held for watermarks: an offer is worth most the
 * moment its event happens. Only an offer that fires in the subscriber's quiet hours waits, for the
 * event-time end of those hours. The sink is at-least-once and a trigger's id is deterministic, so
 * a restart may repeat an offer's record but never invents a second offer; the CRM drops repeats by
 * id. Checkpointing and the state backend come from Flink's configuration, as for the other jobs.
 *
 * <p>Flink CEP compiles its patterns into the job graph, so a sequence trigger defined at run time
 * could not be added without a restart; sequences are matched by the engine instead, in keyed state
 * beside the other campaigns' memory.
 */
public final class CampaignJob {

    public static final String JOB_NAME = "convergent-campaigns";

    static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    static final Duration IDLENESS = Duration.ofMinutes(1);

    static final String INPUT_SOURCE = "campaign-input-source";
    static final String CONTROL_SOURCE = "campaign-control-source";
    static final String SCREENING = "campaign-screening";
    static final String EVALUATION = "campaign-evaluation";
    static final String SENT_FILTER = "campaign-sent-filter";
    static final String TRIGGERS_SINK = "crm-triggers-sink";
    static final String DEAD_LETTER_SINK = "campaign-dead-letter-sink";
    static final String TRIGGER_ROWS = "campaign-trigger-rows";
    static final String OUTCOME_ROWS = "campaign-outcome-rows";

    /** What the job reads, besides {@code control.campaigns}. */
    public static final List<String> INPUT_TOPICS =
            List.of(
                    Topics.TELCO_NETWORK,
                    Topics.TELCO_BILLING,
                    Topics.BANK_PRODUCTS,
                    Topics.SCORES_REALTIME,
                    Topics.CONTROL_CONTACT_PREFERENCES);

    private final CampaignOptions options;

    public CampaignJob(CampaignOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public CampaignOptions options() {
        return options;
    }

    /** Adds the whole job, from the Kafka sources to the topic and the tables, to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        // An offer goes on to the next task at once, without a flusher thread per task output.
        env.setBufferTimeout(NetworkBuffers.FLUSH_EACH_RECORD);
        // Chained operators hand each other the same object instead of a copy: every element is
        // an immutable record or a row built fresh (copies were a tenth of the evaluation's time).
        env.getConfig().enableObjectReuse();
        DataStream<CampaignSource> input =
                env.fromSource(inputSource(), inputWatermarks(), INPUT_SOURCE).uid(INPUT_SOURCE);
        DataStream<CampaignControl> control =
                env.fromSource(
                                controlSource(),
                                ControlWatermarks.<CampaignControl>neverHoldingBack(),
                                CONTROL_SOURCE)
                        .uid(CONTROL_SOURCE)
                        .setParallelism(1);
        SingleOutputStreamOperator<CampaignInput> screened = screened(input, options);
        screened.getSideOutput(CampaignScreening.REJECTED)
                .sinkTo(DeadLetters.sink(options.bootstrapServers()))
                .uid(DEAD_LETTER_SINK)
                .name(DEAD_LETTER_SINK);
        SingleOutputStreamOperator<CampaignTrigger> triggers =
                evaluated(screened, control, options);
        triggers.filter(t -> t.status() == CampaignTrigger.Status.SENT)
                .uid(SENT_FILTER)
                .name(SENT_FILTER)
                .sinkTo(
                        KafkaSink.<CampaignTrigger>builder()
                                .setBootstrapServers(options.bootstrapServers())
                                .setRecordSerializer(new TriggerSerializer(Topics.CRM_TRIGGERS))
                                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                                // The moment matters: no batching delay.
                                .setProperty("linger.ms", "0")
                                .build())
                .uid(TRIGGERS_SINK)
                .name(TRIGGERS_SINK);
        if (options.writesTables()) {
            appendTo(
                    Tables.CAMPAIGN_TRIGGERS,
                    triggers.map(new CampaignRowMappers.TriggerRow())
                            .returns(rowType(CampaignTables.TRIGGERS_SCHEMA))
                            .uid(TRIGGER_ROWS)
                            .name(TRIGGER_ROWS)
                            // Parquet writing and its flush at each checkpoint in a thread of
                            // their own: the offers' path does not wait for them.
                            .startNewChain());
            appendTo(
                    Tables.CAMPAIGN_OUTCOMES,
                    triggers.getSideOutput(CampaignEvaluator.OUTCOMES)
                            .map(new CampaignRowMappers.OutcomeRow())
                            .returns(rowType(CampaignTables.OUTCOMES_SCHEMA))
                            .uid(OUTCOME_ROWS)
                            .name(OUTCOME_ROWS)
                            .startNewChain());
        }
    }

    /**
     * The job's front, independent of Kafka: what campaigns read of each record; scores and
     * preferences records that do not read on {@link CampaignScreening#REJECTED}.
     */
    public static SingleOutputStreamOperator<CampaignInput> screened(
            DataStream<CampaignSource> input, CampaignOptions options) {
        return input.process(new CampaignScreening(options.keyFile()))
                .returns(TypeInformation.of(CampaignInput.class))
                .uid(SCREENING)
                .name(SCREENING);
    }

    /**
     * The middle of the job, independent of Kafka: evaluation. Triggers of every fate on the main
     * output, conversions on {@link CampaignEvaluator#OUTCOMES}.
     */
    public static SingleOutputStreamOperator<CampaignTrigger> evaluated(
            DataStream<CampaignInput> screened,
            DataStream<CampaignControl> control,
            CampaignOptions options) {
        return screened.keyBy(CampaignInput::subscriber)
                .connect(control.broadcast(CampaignEvaluator.CAMPAIGNS))
                .process(new CampaignEvaluator(options.policy(), options.memoryTtl()))
                .returns(TypeInformation.of(CampaignTrigger.class))
                .uid(EVALUATION)
                .name(EVALUATION);
    }

    /**
     * Triggers do not wait for watermarks. Watermarks tell when quiet hours are over: an offer held
     * until then is released by an event-time timer, or by the subscriber's next event, whichever
     * comes first. Scores and preferences records have no event time and do not count: a quiet
     * partition (bank products at night), or one of scores alone, goes idle and does not stop the
     * others.
     */
    static WatermarkStrategy<CampaignSource> inputWatermarks() {
        return KnownEventTimes.boundedOutOfOrderness(
                OUT_OF_ORDERNESS, IDLENESS, (record, kafkaTime) -> record.eventTime());
    }

    private static TypeInformation<RowData> rowType(Schema schema) {
        return InternalTypeInfo.of(FlinkSchemaUtil.convert(schema));
    }

    /** Appends {@code rows} to {@code table}, exactly once per checkpoint. */
    private void appendTo(String table, DataStream<RowData> declaredRows) {
        DataStream<RowData> rows =
                TableColumnOrder.inTableOrder(options.catalogProperties(), table, declaredRows);
        IcebergSink.forRowData(rows)
                .tableLoader(LakeTables.tableLoader(options.catalogProperties(), table))
                .uidSuffix(table)
                .distributionMode(DistributionMode.NONE)
                .writeParallelism(rows.getParallelism())
                .append();
    }

    /** Creates {@code campaign_triggers} and {@code campaign_outcomes} where missing. */
    public void prepareTables() throws Exception {
        if (options.writesTables()) {
            LakeTables.prepare(options.catalogProperties(), LakeTables::ensureCampaignTables);
        }
    }

    private KafkaSource<CampaignSource> inputSource() {
        KafkaSourceBuilder<CampaignSource> builder =
                KafkaSource.<CampaignSource>builder()
                        .setBootstrapServers(options.bootstrapServers())
                        .setTopics(INPUT_TOPICS)
                        .setGroupId(options.groupId())
                        // Preferences whole on a start without state: every opt-out read again.
                        .setStartingOffsets(
                                new WholeTopicsFirst(
                                        Set.of(Topics.CONTROL_CONTACT_PREFERENCES),
                                        OffsetsInitializer.committedOffsets(
                                                OffsetResetStrategy.EARLIEST)))
                        .setDeserializer(new CampaignSourceDeserializer())
                        .setProperty("partition.discovery.interval.ms", "60000")
                        .setProperty("client.id.prefix", options.groupId());
        if (options.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private KafkaSource<CampaignControl> controlSource() {
        // Always from the start of the compacted topic: its latest record per id is in force.
        KafkaSourceBuilder<CampaignControl> builder =
                KafkaSource.<CampaignControl>builder()
                        .setBootstrapServers(options.bootstrapServers())
                        .setTopics(List.of(Topics.CONTROL_CAMPAIGNS))
                        .setGroupId(options.groupId() + "-control")
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new CampaignControlDeserializer())
                        .setProperty("client.id.prefix", options.groupId() + "-control");
        if (options.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * {@code flink run -c io.convergent.streaming.campaigns.CampaignJob
     * convergent-streaming-*-job.jar --convergent.kafka.bootstrap-servers HOST:PORT [--config
     * FILE]}
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> settings = OptionValues.fromArgs(args);
        CampaignJob job = new CampaignJob(CampaignOptions.fromMap(settings));
        job.prepareTables();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        job.build(env);
        env.execute(JOB_NAME);
    }
}
