package io.convergent.serving.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DistinctSketch;
import io.convergent.common.features.FeatureWindows;
import org.junit.jupiter.api.Test;

class TileCodecTest {

    @Test
    void tilesAndFoldsRoundTrip() {
        DailyTile tile = new DailyTile("k1.AAAAAAAAAAAAAAAAAAAAAA", 20_000);
        tile.callsOut = 4;
        tile.minBalanceMinor = -10;
        DistinctSketch.add(tile.counterparts, "k1.BBBBBBBBBBBBBBBBBBBBBB");
        assertThat(TileCodec.decodeTile(tile.subscriber, TileCodec.encodeTile(tile)))
                .isEqualTo(tile);

        FeatureWindows[] folds = {
            FeatureWindows.of(tile, 20_000),
            FeatureWindows.of(tile, 20_001),
            FeatureWindows.of(tile, 20_002)
        };
        byte[] bytes = TileCodec.encodeFolds(folds);
        FeatureWindows second = TileCodec.decodeFold(tile.subscriber, bytes, 20_001);
        assertThat(second.vector()).containsExactly(folds[1].vector());
        assertThat(second.lastOwnActivityDay).isEqualTo(folds[1].lastOwnActivityDay);
        assertThat(TileCodec.decodeFold(tile.subscriber, bytes, 20_003)).isNull();
    }
}
