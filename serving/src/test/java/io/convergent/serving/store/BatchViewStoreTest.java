package io.convergent.serving.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.features.DailyTile;
import io.convergent.common.features.FeatureWindows;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged tiles folded on disk give the folds the batch layer's code gives in memory. */
class BatchViewStoreTest {

    @TempDir Path dir;

    @Test
    void stagedTilesFoldLikeTheBatchLayerAndOnlyOurSubscribersAreKept() throws Exception {
        long cutoff = LocalDate.of(2026, 11, 24).toEpochDay();
        Random random = new Random(3);
        List<DailyTile> tiles = new ArrayList<>();
        for (String number : List.of("k1.AAAAAAAAAAAAAAAAAAAAAA", "k1.AAAAAAAAAAAAAAAAAAAAAAB")) {
            for (int d = 0; d < 90; d++) {
                DailyTile tile = new DailyTile(number, cutoff - d);
                tile.callsOut = random.nextInt(9);
                tile.dataSessions = number.endsWith("B") ? 0 : random.nextInt(3);
                tiles.add(tile);
            }
        }
        // The other party only: never one of ours.
        DailyTile external = new DailyTile("k1.EEEEEEEEEEEEEEEEEEEEEE", cutoff);
        external.callsIn = 4;
        tiles.add(external);
        java.util.Collections.shuffle(tiles, random);

        Path view = dir.resolve("1");
        try (BatchViewStore.Writer writer = BatchViewStore.write(view)) {
            for (DailyTile tile : tiles) {
                writer.stageTile(tile);
            }
            assertThat(writer.foldStagedTiles(cutoff, 3)).isEqualTo(tiles.size());
            writer.finish(
                    1,
                    LocalDate.ofEpochDay(cutoff),
                    OffsetDateTime.now(ZoneOffset.UTC),
                    3,
                    List.of());
        }
        try (BatchViewStore store = BatchViewStore.open(view)) {
            assertThat(store.info().subscribers()).isEqualTo(1);
            assertThat(store.knows("k1.EEEEEEEEEEEEEEEEEEEEEE")).isFalse();
            for (int k = 0; k < 3; k++) {
                FeatureWindows expected =
                        new FeatureWindows("k1.AAAAAAAAAAAAAAAAAAAAAA", cutoff + k);
                tiles.stream()
                        .filter(t -> t.subscriber.equals("k1.AAAAAAAAAAAAAAAAAAAAAA"))
                        .forEach(expected::add);
                FeatureWindows stored =
                        store.fold("k1.AAAAAAAAAAAAAAAAAAAAAA", cutoff + k).orElseThrow();
                assertThat(stored.vector()).containsExactly(expected.vector());
            }
        }
    }
}
