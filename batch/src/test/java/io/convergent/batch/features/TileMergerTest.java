package io.convergent.batch.features;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DistinctSketch;
import io.convergent.streaming.lake.FeaturesDailyTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.table.data.RowData;
import org.junit.jupiter.api.Test;

class TileMergerTest {

    @Test
    void mergesEachSubscribersPartialTilesIntoOneRowAtTheEndOfInput() throws Exception {
        try (OneInputStreamOperatorTestHarness<DailyTile, RowData> harness =
                new OneInputStreamOperatorTestHarness<>(new TileMerger())) {
            harness.open();
            harness.processElement(partial("k1.a", 10, 2, 100, "k1.x"), 0);
            harness.processElement(partial("k1.b", 10, 1, 500, "k1.x"), 0);
            harness.processElement(partial("k1.a", 10, 3, 40, "k1.y"), 0);
            harness.processElement(partial("k1.a", 11, 5, 70, "k1.z"), 0);
            assertThat(harness.extractOutputValues()).isEmpty();

            harness.endInput();

            Map<String, DailyTile> written = byKey(harness.extractOutputValues());
            assertThat(written).containsOnlyKeys("k1.a@10", "k1.b@10", "k1.a@11");
            DailyTile a = written.get("k1.a@10");
            assertThat(a.callsOut).isEqualTo(5);
            assertThat(a.minBalanceMinor).isEqualTo(40);
            assertThat(a.distinctCounterparts()).isEqualTo(2);
            assertThat(written.get("k1.b@10").callsOut).isEqualTo(1);
            assertThat(written.get("k1.a@11").callsOut).isEqualTo(5);
        }
    }

    @Test
    void sendsEverySubscribersTilesToOneTaskOfThoseThereAre() {
        for (String subscriber : List.of("k1.a", "k1.b", "k1.AbCdEfGhIjKlMnOpQrStUv", "")) {
            for (int tasks = 1; tasks <= 7; tasks++) {
                int task = TileMerger.BY_SUBSCRIBER.partition(subscriber, tasks);
                assertThat(task).isBetween(0, tasks - 1);
                assertThat(TileMerger.BY_SUBSCRIBER.partition(new String(subscriber), tasks))
                        .isEqualTo(task);
            }
        }
    }

    private static DailyTile partial(
            String subscriber, long day, long callsOut, long balance, String counterpart) {
        DailyTile tile = new DailyTile(subscriber, day);
        tile.callsOut = callsOut;
        tile.minBalanceMinor = balance;
        DistinctSketch.add(tile.counterparts, counterpart);
        return tile;
    }

    private static Map<String, DailyTile> byKey(List<RowData> rows) {
        Map<String, DailyTile> tiles = new HashMap<>();
        for (RowData row : rows) {
            DailyTile tile = FeaturesDailyTable.fromRow(row);
            assertThat(tiles.put(tile.subscriber + "@" + tile.day, tile)).isNull();
        }
        return tiles;
    }
}
