package io.convergent.streaming.speedview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.event.BillingEvent;
import io.convergent.common.event.BillingEventType;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.Ingress;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.NetworkEventType;
import io.convergent.common.event.RadioAccess;
import io.convergent.common.event.ReleaseCause;
import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DailyTiles;
import io.convergent.common.state.SubscriberState;
import io.convergent.streaming.lake.EventRowConverter;
import io.convergent.streaming.lake.RawTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

/**
 * The speed view over ingested rows on a MiniCluster at parallelism 2: each tile it publishes last
 * is the tile the batch layer's code makes of the same events, and each state the fold of them.
 */
class SpeedViewTest {

    static final String ALICE = "k1.AAAAAAAAAAAAAAAAAAAAAA";
    static final String BOB = "k1.BBBBBBBBBBBBBBBBBBBBBB";
    static final String STRANGER = "k1.CCCCCCCCCCCCCCCCCCCCCC";
    static final long DAY = 86_400_000L;
    static final long T = 20_000 * DAY + 9 * 3_600_000L;
    static final long MINUTE = 60_000;

    static final List<InputEvent> EVENTS =
            List.of(
                    call("c1", ALICE, BOB, T, 3 * MINUTE),
                    call("c2", STRANGER, ALICE, T + 10 * MINUTE, 15 * MINUTE),
                    call("c3", BOB, ALICE, T + DAY, MINUTE),
                    network("n1", BOB, NetworkEventType.SIM_SWAP, T + 5 * MINUTE, null),
                    network("n2", ALICE, NetworkEventType.ROAMING_ENTRY, T + DAY + MINUTE, 262),
                    // Bob's phone at home, then in a British network: his roaming entry is lost.
                    dataSession("d1", BOB, T + 20 * MINUTE, null),
                    dataSession("d2", BOB, T + 2 * DAY, 234),
                    new BillingEvent(
                            "b1",
                            T + 2 * MINUTE,
                            BillingEventType.TOP_UP,
                            ALICE,
                            50_000L,
                            120_000L,
                            null,
                            null,
                            null));

    @Test
    void theLastTileOfEachSubscriberAndDayIsWhatTheBatchCodeMakesOfTheSameEvents()
            throws Exception {
        Map<String, DailyTile> expected = new HashMap<>();
        for (InputEvent event : EVENTS) {
            DailyTiles.contributions(
                    event,
                    tile ->
                            expected.merge(
                                    SpeedView.tileKey(tile), tile, (a, b) -> a.copy().merge(b)));
        }
        Map<String, DailyTile> published = new HashMap<>();
        speedView()
                .tiles()
                .executeAndCollect()
                .forEachRemaining(t -> published.put(SpeedView.tileKey(t), t));
        assertThat(published).isEqualTo(expected);
        assertThat(published).containsKeys(ALICE + "|2024-10-04", ALICE + "|2024-10-05");
    }

    @Test
    void theLastStateOfEachSubscriberIsTheFoldOfItsEvents() throws Exception {
        Map<String, SubscriberState> published = new HashMap<>();
        speedView()
                .states()
                .executeAndCollect()
                .forEachRemaining(s -> published.put(s.subscriber, s));
        SubscriberState alice = published.get(ALICE);
        assertThat(alice.roaming).isTrue();
        assertThat(alice.roamingMcc).isEqualTo(262);
        // Bob called Alice after she had called him: a contact, not a stranger.
        assertThat(alice.lastCall().orElseThrow().counterpart).isEqualTo(BOB);
        assertThat(alice.lastCall().orElseThrow().counterpartKnown).isTrue();
        SubscriberState bob = published.get(BOB);
        assertThat(bob.lastSimSwapAt).isEqualTo(T + 5 * MINUTE);
        assertThat(bob.roaming).isTrue();
        assertThat(bob.roamingMcc).isEqualTo(234);
        assertThat(bob.roamingSince).isEqualTo(T + 2 * DAY);
    }

    @Test
    void everyTypeBetweenItsOperatorsIsAFlinkPojoWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(StateInput.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(SubscriberState.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DailyTile.class);
    }

    @Test
    void optionsHaveDefaultsAndRefuseAMisspeltKey() {
        SpeedViewOptions defaults = SpeedViewOptions.defaults();
        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.flushInterval()).isEqualTo(Duration.ofMillis(25));
        assertThat(SpeedViewOptions.fromMap(defaults.toMap())).isEqualTo(defaults);
        // The ingest job's settings, which the speed view shares, are not refused.
        assertThat(
                        SpeedViewOptions.fromMap(
                                        Map.of(
                                                "convergent.kafka.bootstrap-servers", "x:1",
                                                "convergent.ingest.group-id", "g",
                                                "convergent.lake.uri", "jdbc:sqlite:x"))
                                .enabled())
                .isTrue();
        assertThatThrownBy(
                        () -> SpeedViewOptions.fromMap(Map.of("convergent.speed-view.flush", "1s")))
                .hasMessageContaining("convergent.speed-view.flush");
        // A state forgotten sooner than SIM swaps are vouched for would answer "not swapped".
        assertThatThrownBy(
                        () ->
                                SpeedViewOptions.fromMap(
                                        Map.of("convergent.speed-view.state-ttl", "7 d")))
                .hasMessageContaining("convergent.speed-view.state-ttl must be at least 30 d");
        assertThat(
                        SpeedViewOptions.fromMap(Map.of("convergent.speed-view.state-ttl", "90 d"))
                                .stateTtl())
                .isEqualTo(Duration.ofDays(90));
    }

    private static SpeedView.Outputs speedView() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        Map<String, DataStream<RowData>> rows = new LinkedHashMap<>();
        for (RawTable table : RawTable.all()) {
            List<RowData> tableRows = new ArrayList<>();
            @SuppressWarnings("rawtypes")
            EventRowConverter converter = new EventRowConverter(table.topic().schema());
            for (InputEvent event : EVENTS) {
                if (table.topic().schema().type().isInstance(event)) {
                    tableRows.add(toRow(converter, event));
                }
            }
            if (tableRows.isEmpty()) {
                continue;
            }
            DataStream<RowData> stream = env.fromData(tableRows, table.rowTypeInfo());
            rows.put(
                    table.name(),
                    stream.assignTimestampsAndWatermarks(
                            WatermarkStrategy.<RowData>forMonotonousTimestamps()
                                    .withTimestampAssigner(
                                            (r, t) -> r.getTimestamp(1, 3).getMillisecond())));
        }
        SpeedViewOptions options =
                new SpeedViewOptions(true, Duration.ZERO, Duration.ofDays(2), Duration.ofDays(30));
        return new SpeedView(options).build(rows);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static RowData toRow(EventRowConverter converter, InputEvent event) {
        return converter.toRow((Record) event);
    }

    static CallEvent call(String id, String from, String to, long answeredAt, long talk) {
        return new CallEvent(
                id,
                answeredAt - 5_000,
                id,
                from,
                to,
                Ingress.ON_NET,
                answeredAt - 5_000,
                answeredAt,
                answeredAt + talk,
                ReleaseCause.NORMAL,
                null,
                null);
    }

    static DataSessionEvent dataSession(String id, String msisdn, long start, Integer visitedMcc) {
        return new DataSessionEvent(
                id,
                start + 10 * MINUTE,
                msisdn,
                null,
                start,
                start + 10 * MINUTE,
                20_000,
                400_000,
                RadioAccess.LTE,
                null,
                visitedMcc);
    }

    static NetworkEvent network(
            String id, String msisdn, NetworkEventType type, long at, Integer mcc) {
        return new NetworkEvent(
                id, at, type, msisdn, null, null, null, null, mcc, null, null, null, null, null,
                null);
    }
}
