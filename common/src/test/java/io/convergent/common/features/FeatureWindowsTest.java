package io.convergent.common.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureWindowsTest {

    private static final long AS_OF = 20_000;

    private static DailyTile tile(long day, long callsOut, long dataSessions) {
        DailyTile tile = new DailyTile("s", day);
        tile.callsOut = callsOut;
        tile.callsOutAnswered = callsOut / 2;
        tile.dataSessions = dataSessions;
        DistinctSketch.add(tile.counterparts, "n" + day);
        return tile;
    }

    @Test
    void foldingInPartsInAnyOrderGivesTheCatalogsVector() {
        List<DailyTile> tiles = new ArrayList<>();
        for (long age : new long[] {0, 3, 6, 7, 20, 29, 30, 60, 89, 90, 120, -1}) {
            tiles.add(tile(AS_OF - age, age + 1, age % 2));
        }
        FeatureWindows left = new FeatureWindows("s", AS_OF);
        FeatureWindows right = new FeatureWindows("s", AS_OF);
        for (int i = tiles.size() - 1; i >= 0; i--) {
            (i % 2 == 0 ? left : right).add(tiles.get(i));
        }
        assertThat(left.merge(right).vector())
                .containsExactly(FeatureCatalog.vectorAsOf(tiles, AS_OF));
    }

    @Test
    void daysAbroadCountDaysInEveryWindow() {
        List<DailyTile> tiles = new ArrayList<>();
        for (long age : new long[] {0, 2, 5, 12, 40}) {
            DailyTile tile = tile(AS_OF - age, 1, 1);
            tile.daysAbroad = 1;
            tiles.add(tile);
        }
        // Two parts of one day abroad are still one day.
        DailyTile sameDayPart = new DailyTile("s", AS_OF - 2);
        sameDayPart.daysAbroad = 1;
        tiles.get(1).merge(sameDayPart);

        Map<String, Double> catalog = FeatureCatalog.asOf(tiles, AS_OF);
        assertThat(catalog)
                .containsEntry("days_abroad_7d", 3.0)
                .containsEntry("days_abroad_30d", 4.0)
                .containsEntry("days_abroad_90d", 5.0);
        FeatureWindows left = new FeatureWindows("s", AS_OF);
        FeatureWindows right = new FeatureWindows("s", AS_OF);
        for (int i = 0; i < tiles.size(); i++) {
            (i % 2 == 0 ? left : right).add(tiles.get(i));
        }
        assertThat(FeatureCatalog.asMap(left.merge(right).vector())).isEqualTo(catalog);
    }

    @Test
    void aNumberSeenOnlyAsTheOtherPartyIsNotOurSubscriber() {
        DailyTile counterpart = new DailyTile("other", AS_OF);
        counterpart.callsIn = 3;
        counterpart.callsOut = 1;
        assertThat(FeatureWindows.of(counterpart, AS_OF).isOurSubscriber()).isFalse();
        assertThat(FeatureWindows.of(tile(AS_OF - 40, 1, 1), AS_OF).isOurSubscriber()).isTrue();
        // Activity outside the windows says nothing.
        assertThat(FeatureWindows.of(tile(AS_OF - 90, 1, 1), AS_OF).isOurSubscriber()).isFalse();
    }

    @Test
    void aNumberWhoseActivityEndedWithAPortOutHasLeft() {
        DailyTile portOut = tile(AS_OF - 10, 2, 1);
        portOut.portOutRequests = 1;
        FeatureWindows left = FeatureWindows.of(tile(AS_OF - 20, 3, 1), AS_OF);
        assertThat(left.merge(FeatureWindows.of(portOut, AS_OF)).isOurSubscriber()).isFalse();
        // Asked, and stayed: still ours.
        assertThat(left.add(tile(AS_OF - 5, 1, 1)).isOurSubscriber()).isTrue();
    }
}
