package io.convergent.common.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeatureCatalogTest {

    private static final long AS_OF = 20_412;

    @Test
    void eachWindowFoldsTheDaysUpToAndIncludingTheAsOfDay() {
        List<DailyTile> tiles = new ArrayList<>();
        // One placed call a day over 100 days ending with the as-of day.
        for (long day = AS_OF - 99; day <= AS_OF; day++) {
            DailyTile tile = new DailyTile("k1.me", day);
            tile.callsOut = 1;
            tile.callsOutAnswered = day % 2;
            tiles.add(tile);
        }

        Map<String, Double> features = FeatureCatalog.asOf(tiles, AS_OF);

        assertThat(features.get("calls_out_7d")).isEqualTo(7.0);
        assertThat(features.get("calls_out_30d")).isEqualTo(30.0);
        assertThat(features.get("calls_out_90d")).isEqualTo(90.0);
        assertThat(features.get("active_days_30d")).isEqualTo(30.0);
        assertThat(features.get("answer_ratio_out_30d")).isEqualTo(0.5);
        assertThat(features.get("min_balance_rub_7d")).isEqualTo(-1.0);
    }

    @Test
    void aFeatureNeverSeesADayAfterItsAsOfTime() {
        DailyTile before = new DailyTile("k1.me", AS_OF);
        before.topUpMinor = 10_000;
        DailyTile after = new DailyTile("k1.me", AS_OF + 1);
        after.topUpMinor = 99_900;
        after.portOutRequests = 1;

        Map<String, Double> features = FeatureCatalog.asOf(List.of(before, after), AS_OF);

        assertThat(features.get("top_up_rub_7d")).isEqualTo(100.0);
        assertThat(features.get("port_out_requests_90d")).isZero();
    }

    @Test
    void everyDefinitionHasAFeatureForEveryWindow() {
        Map<String, Double> features = FeatureCatalog.asOf(List.of(), AS_OF);

        assertThat(features.keySet()).containsExactlyElementsOf(FeatureCatalog.names());
        assertThat(FeatureCatalog.names())
                .hasSize(FeatureCatalog.definitions().size() * FeatureCatalog.WINDOWS.size())
                .doesNotHaveDuplicates();
    }
}
