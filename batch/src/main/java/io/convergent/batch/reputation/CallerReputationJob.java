package io.convergent.batch.reputation;

import io.convergent.batch.features.FeaturesDailyJob;
import io.convergent.batch.lake.DayReplacement;
import io.convergent.batch.lake.RawRowReader;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.ComplaintEvent;
import io.convergent.common.identity.ServiceAddresses;
import io.convergent.common.immunity.CallerActivity;
import io.convergent.common.immunity.CallerReplay;
import io.convergent.common.immunity.CallerReputation;
import io.convergent.common.immunity.ReputationFeatures;
import io.convergent.common.immunity.ReputationSignal;
import io.convergent.common.immunity.ReputationThresholds;
import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.CallerReputationTable;
import io.convergent.streaming.lake.EventRowConverter;
import io.convergent.streaming.lake.LakeTables;
import io.convergent.streaming.lake.TableColumnOrder;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.apache.iceberg.flink.source.IcebergSource;

/**
 * The batch layer's caller reputation as of the end of a UTC day: each calling number's calls of
 * the {@value #REPLAY_DAYS} days to it, and the spam and fraud complaints naming it, replayed by
 * {@link CallerReplay} (the streaming layer's own fold) into {@code caller_reputation}, with a
 * dynamic overwrite of the day. Three days is the streaming layer's state TTL too: older activity
 * has faded below a twentieth on the one-day counters. The memory of a mass dialling caught before
 * them comes from the day before's reputations ({@link #rememberedMassDialling}).
 */
public final class CallerReputationJob {

    public static final String JOB_NAME = "convergent-caller-reputation";

    static final int REPLAY_DAYS = 3;

    private final Map<String, String> catalogProperties;
    private final ReputationThresholds thresholds;

    public CallerReputationJob(
            Map<String, String> catalogProperties, ReputationThresholds thresholds) {
        this.catalogProperties = Map.copyOf(catalogProperties);
        this.thresholds = thresholds;
    }

    /**
     * What a run of {@code day} replaces: taken before the run, completed after its commit, so the
     * day holds only what the run wrote even when it writes nothing.
     */
    public List<DayReplacement> replacing(LocalDate day) throws Exception {
        return List.of(
                DayReplacement.before(
                        catalogProperties, Tables.CALLER_REPUTATION, "as_of_day", day));
    }

    /** Adds the recompute of {@code day}'s reputations to {@code env}. */
    public void build(StreamExecutionEnvironment env, LocalDate day) {
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        LocalDate first = day.minusDays(REPLAY_DAYS - 1);
        // Each chained to its scan, at the scan's parallelism (see FeaturesDailyJob.scan).
        DataStream<RowData> callRows =
                FeaturesDailyJob.scan(env, catalogProperties, Tables.RAW_CALLS, first, day);
        DataStream<CallerEventRecord> calls =
                callRows.flatMap(new Calls())
                        .returns(TypeInformation.of(CallerEventRecord.class))
                        .name("Calls by caller")
                        .setParallelism(callRows.getParallelism());
        DataStream<RowData> complaintRows =
                FeaturesDailyJob.scan(env, catalogProperties, Tables.RAW_COMPLAINTS, first, day);
        DataStream<CallerEventRecord> complaints =
                complaintRows
                        .flatMap(new Complaints())
                        .returns(TypeInformation.of(CallerEventRecord.class))
                        .name("Complaints about callers")
                        .setParallelism(complaintRows.getParallelism());
        long endOfDay = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1;
        DataStream<RowData> rows =
                calls.union(complaints, rememberedMassDialling(env, day))
                        .keyBy(e -> e.caller)
                        .process(new Replay((int) day.toEpochDay(), endOfDay, thresholds))
                        .returns(
                                InternalTypeInfo.of(
                                        FlinkSchemaUtil.convert(CallerReputationTable.SCHEMA)))
                        .name("Replay per caller");
        FlinkSink.forRowData(
                        TableColumnOrder.inTableOrder(
                                catalogProperties, Tables.CALLER_REPUTATION, rows))
                .tableLoader(LakeTables.tableLoader(catalogProperties, Tables.CALLER_REPUTATION))
                .overwrite(true)
                .append();
    }

    /**
     * The mass dialling that the reputations as of the day before remember, one record per caller
     * caught within the memory: the streaming layer keeps it in the caller's record for as long as
     * the caller goes on calling, past the {@value #REPLAY_DAYS} days a replay reads. Without it a
     * number caught four days ago and calling since would read "never" here, and be unblocked by
     * the batch view while the speed layer still blocks it. A day before with no run gives nothing:
     * the replay's own days are all it then has.
     */
    private DataStream<CallerEventRecord> rememberedMassDialling(
            StreamExecutionEnvironment env, LocalDate day) {
        LocalDate before = day.minusDays(1);
        long endOfDayBefore = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1;
        DataStream<RowData> rows =
                IcebergSource.forRowData()
                        .tableLoader(
                                LakeTables.tableLoader(catalogProperties, Tables.CALLER_REPUTATION))
                        .streaming(false)
                        .filters(
                                List.of(
                                        Expressions.equal("as_of_day", before.toString()),
                                        Expressions.greaterThanOrEqual(
                                                "days_since_mass_dialling", 0.0)))
                        .project(
                                FeaturesDailyJob.byName(
                                        catalogProperties, Tables.CALLER_REPUTATION, REMEMBERED))
                        .buildStream(env);
        return rows.map(
                        row ->
                                CallerEventRecord.massDialling(
                                        row.getString(1).toString(),
                                        endOfDayBefore
                                                - Math.round(
                                                        row.getDouble(2)
                                                                * CallerActivity.DAY_MILLIS)))
                .returns(TypeInformation.of(CallerEventRecord.class))
                .name("Mass dialling remembered")
                .setParallelism(rows.getParallelism());
    }

    /** The columns of {@code caller_reputation} a replay reads back. */
    private static final Schema REMEMBERED =
            new Schema(
                    // The filter's columns must be read too: Iceberg applies it to each row.
                    CallerReputationTable.SCHEMA.findField("as_of_day"),
                    CallerReputationTable.SCHEMA.findField("caller"),
                    CallerReputationTable.SCHEMA.findField("days_since_mass_dialling"));

    /** A raw call row to its caller's event; a withheld caller has none. */
    static final class Calls extends RichFlatMapFunction<RowData, CallerEventRecord> {
        private static final long serialVersionUID = 1L;
        private transient RawRowReader<CallEvent> rows;

        @Override
        public void open(OpenContext openContext) {
            rows =
                    new RawRowReader<>(
                            new EventRowConverter<>(CallEvent.SCHEMA),
                            Tables.RAW_CALLS,
                            getRuntimeContext());
        }

        @Override
        public void flatMap(RowData row, Collector<CallerEventRecord> out) {
            CallEvent call = rows.read(row);
            // A short number keeps no reputation, as in the streaming layer.
            if (call != null
                    && call.callingNumber() != null
                    && !ServiceAddresses.isServiceAddress(call.callingNumber())) {
                out.collect(
                        CallerEventRecord.call(
                                call.callingNumber(),
                                call.startTime(),
                                call.calledNumber(),
                                call.answered(),
                                call.talkMillis()));
            }
        }
    }

    /** A raw complaint row about an unwanted call to an event of the number it names. */
    static final class Complaints extends RichFlatMapFunction<RowData, CallerEventRecord> {
        private static final long serialVersionUID = 1L;
        private transient RawRowReader<ComplaintEvent> rows;

        @Override
        public void open(OpenContext openContext) {
            rows =
                    new RawRowReader<>(
                            new EventRowConverter<>(ComplaintEvent.SCHEMA),
                            Tables.RAW_COMPLAINTS,
                            getRuntimeContext());
        }

        @Override
        public void flatMap(RowData row, Collector<CallerEventRecord> out) {
            ComplaintEvent complaint = rows.read(row);
            if (complaint != null
                    && complaint.reportedNumber() != null
                    && complaint.category().isAboutACaller()
                    && !ServiceAddresses.isServiceAddress(complaint.reportedNumber())) {
                out.collect(
                        CallerEventRecord.complaint(
                                complaint.reportedNumber(), complaint.eventTime()));
            }
        }
    }

    /**
     * Gathers a caller's events and replays them when its input is done: in BATCH mode the
     * event-time timer of a key fires once all of the key's records have been read.
     */
    static final class Replay extends KeyedProcessFunction<String, CallerEventRecord, RowData> {
        private static final long serialVersionUID = 1L;

        private final int asOfDay;
        private final long endOfDay;
        private final ReputationThresholds thresholds;
        private transient ListState<CallerEventRecord> events;

        Replay(int asOfDay, long endOfDay, ReputationThresholds thresholds) {
            this.asOfDay = asOfDay;
            this.endOfDay = endOfDay;
            this.thresholds = thresholds;
        }

        @Override
        public void open(OpenContext openContext) {
            events =
                    getRuntimeContext()
                            .getListState(
                                    new ListStateDescriptor<>(
                                            "events", TypeInformation.of(CallerEventRecord.class)));
        }

        @Override
        public void processElement(CallerEventRecord e, Context ctx, Collector<RowData> out)
                throws Exception {
            events.add(e);
            ctx.timerService().registerEventTimeTimer(endOfDay);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<RowData> out)
                throws Exception {
            List<CallerReplay.Event> history = new ArrayList<>();
            long calls = 0;
            boolean active = false;
            for (CallerEventRecord e : events.get()) {
                history.add(e.toEvent());
                calls += e.complaint || e.massDialling ? 0 : 1;
                active |= !e.massDialling;
            }
            events.clear();
            if (!active) {
                // Only remembered: quiet for the replay's days, as the streaming layer forgets it.
                return;
            }
            CallerReputation r = CallerReplay.reputationAt(history, endOfDay, thresholds);
            out.collect(row(ctx.getCurrentKey(), r, calls));
        }

        private RowData row(String caller, CallerReputation r, long calls) {
            ReputationFeatures f = r.features();
            List<ReputationSignal> signals = r.signals();
            StringData[] names = new StringData[signals.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = StringData.fromString(signals.get(i).name());
            }
            return GenericRowData.of(
                    asOfDay,
                    StringData.fromString(caller),
                    r.score(),
                    new GenericArrayData(names),
                    f.attempts24h(),
                    f.answerRatio24h(),
                    f.newCalleeShare24h(),
                    f.shortCallShare24h(),
                    f.complaints24h(),
                    f.daysSinceMassDialling(),
                    calls);
        }
    }
}
