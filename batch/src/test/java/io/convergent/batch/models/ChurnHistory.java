package io.convergent.batch.models;

import io.convergent.batch.sql.TemporaryLake;
import io.convergent.common.event.BillingEvent;
import io.convergent.common.event.BillingEventType;
import io.convergent.common.event.Channel;
import io.convergent.common.event.ComplaintCategory;
import io.convergent.common.event.ComplaintEvent;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DailyTiles;
import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.FeaturesDailyTable;
import io.convergent.streaming.lake.LakeTables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.sink.FlinkSink;

/**
 * A small history with one learnable pattern, written to a real lake: a quarter of the subscribers
 * port their number out on a random day, after complaining often in the ten days before it;
 * everyone reads their balance daily and complains now and then. Raw events go to the raw tables
 * and their tiles (made by the shared {@link DailyTiles} code) to {@code features_daily}.
 */
final class ChurnHistory {

    static final LocalDate FIRST_DAY = LocalDate.parse("2026-09-01");
    static final int DAYS = 35;
    static final LocalDate LAST_DAY = FIRST_DAY.plusDays(DAYS - 1);

    static final String PORT_OUT_SPEC =
            """
            name: port_out_7d
            description: Asks to port the number out within 7 days
            label:
              table: raw_network_events
              where: "type = 'PORT_OUT_REQUEST'"
              horizon_days: 7
            features: [complaints_7d, complaints_30d, top_ups_7d, active_days_7d]
            training: {rounds: 30, max_depth: 3, min_child_weight: 1, snapshots: 3, snapshot_spacing_days: 7}
            """;

    final List<InputEvent> events = new ArrayList<>();
    final Map<String, LocalDate> portOuts = new HashMap<>();

    ChurnHistory(int subscribers, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int id = 0;
        for (int s = 0; s < subscribers; s++) {
            String subscriber = "k1.sub-" + s;
            int portOutDay = rng.nextInt(4) == 0 ? 8 + rng.nextInt(DAYS - 8) : Integer.MAX_VALUE;
            for (int d = 0; d < DAYS && d <= portOutDay; d++) {
                long dayStart = FIRST_DAY.plusDays(d).toEpochDay() * 86_400_000L;
                events.add(
                        new BillingEvent(
                                "b" + id++,
                                dayStart + rng.nextInt(80_000_000),
                                BillingEventType.BALANCE,
                                subscriber,
                                null,
                                (long) rng.nextInt(90_000),
                                "RUB",
                                null,
                                null));
                boolean declining = portOutDay - d <= 10;
                if (rng.nextDouble() < (declining ? 0.35 : 0.02)) {
                    events.add(
                            new ComplaintEvent(
                                    "c" + id++,
                                    dayStart + rng.nextInt(80_000_000),
                                    subscriber,
                                    ComplaintCategory.NETWORK_QUALITY,
                                    Channel.CALL_CENTRE,
                                    null));
                }
                if (d == portOutDay) {
                    portOuts.put(subscriber, FIRST_DAY.plusDays(d));
                    events.add(
                            new NetworkEvent(
                                    "n" + id++,
                                    dayStart + 86_000_000L,
                                    NetworkEventType.PORT_OUT_REQUEST,
                                    subscriber,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    "Other Mobile",
                                    null,
                                    null));
                }
            }
        }
    }

    /** The events' tiles, one per number and day, made by the shared {@link DailyTiles} code. */
    List<DailyTile> tiles() {
        Map<String, DailyTile> tiles = new HashMap<>();
        for (InputEvent event : events) {
            DailyTiles.contributions(
                    event,
                    t ->
                            tiles.computeIfAbsent(
                                            t.subscriber + "@" + t.day,
                                            k -> new DailyTile(t.subscriber, t.day))
                                    .merge(t));
        }
        return List.copyOf(tiles.values());
    }

    /** Writes the raw events and their tiles. */
    void writeTo(Map<String, String> lake) throws Exception {
        LakeTables.prepare(
                lake,
                catalog -> {
                    LakeTables.ensureIngestTables(catalog);
                    LakeTables.ensureFeatureTables(catalog);
                    LakeTables.ensureModelTables(catalog);
                });
        TemporaryLake.writeToRawTables(lake, events);
        List<RowData> rows = tiles().stream().map(FeaturesDailyTable::toRow).toList();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(1);
        FlinkSink.forRowData(
                        env.fromData(
                                rows,
                                InternalTypeInfo.of(
                                        FlinkSchemaUtil.convert(FeaturesDailyTable.SCHEMA))))
                .tableLoader(LakeTables.tableLoader(lake, Tables.FEATURES_DAILY))
                .append();
        env.execute("tiles for the test");
    }
}
