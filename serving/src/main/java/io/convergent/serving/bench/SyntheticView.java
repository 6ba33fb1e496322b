package io.convergent.serving.bench;

import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DistinctSketch;
import io.convergent.common.features.FeatureWindows;
import io.convergent.common.models.ScoringModel;
import io.convergent.common.models.SyntheticModels;
import io.convergent.serving.store.BatchViewStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A batch view of the size a benchmark needs, written straight into a {@link BatchViewStore}: N
 * subscribers with 90 days of varied tiles folded as the loader folds them, and M models shaped
 * like the trained ones (80 trees of depth 4 over 20 catalog features). Deterministic by seed.
 */
final class SyntheticView {

    private SyntheticView() {}

    static String subscriber(int i) {
        // The shape of a pseudonym: k1. and 22 URL-safe characters.
        return String.format("k1.bench%017d", i);
    }

    static void write(Path directory, int subscribers, int models, LocalDate cutoff, long seed)
            throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        try (BatchViewStore.Writer writer = BatchViewStore.write(directory)) {
            for (int i = 0; i < subscribers; i++) {
                String id = subscriber(i);
                FeatureWindows[] folds = new FeatureWindows[3];
                for (int k = 0; k < 3; k++) {
                    folds[k] = new FeatureWindows(id, cutoff.toEpochDay() + k);
                }
                for (int d = 0; d < 90; d++) {
                    DailyTile tile = tile(id, cutoff.toEpochDay() - d, random);
                    for (FeatureWindows fold : folds) {
                        fold.add(tile);
                    }
                }
                writer.putFolds(id, folds);
            }
            List<String> names = new ArrayList<>();
            for (int m = 0; m < models; m++) {
                ScoringModel model = SyntheticModels.model("bench_model_" + m, random);
                writer.putModel(model);
                names.add(model.model() + "@" + model.version());
            }
            writer.finish(1, cutoff, OffsetDateTime.now(ZoneOffset.UTC), 3, names);
        }
    }

    private static DailyTile tile(String id, long day, SplittableRandom random) {
        DailyTile tile = new DailyTile(id, day);
        tile.callsOut = random.nextInt(12);
        tile.callsOutAnswered = tile.callsOut * 3 / 4;
        tile.callSecondsOut = tile.callsOutAnswered * random.nextInt(30, 300);
        tile.callsIn = random.nextInt(10);
        tile.callsInAnswered = tile.callsIn * 3 / 4;
        tile.callSecondsIn = tile.callsInAnswered * random.nextInt(30, 300);
        tile.smsOut = random.nextInt(5);
        tile.smsIn = random.nextInt(8);
        tile.dataSessions = random.nextInt(40);
        tile.dataBytes = tile.dataSessions * random.nextLong(1, 20_000_000);
        tile.topUps = random.nextInt(20) == 0 ? 1 : 0;
        tile.topUpMinor = tile.topUps * 50_000;
        tile.chargeMinor = random.nextInt(3_000);
        tile.minBalanceMinor = random.nextLong(-5_000, 200_000);
        tile.cardPayments = random.nextInt(4);
        tile.cardPaymentMinor = tile.cardPayments * random.nextLong(100, 500_000);
        tile.transfers = random.nextInt(10) == 0 ? 1 : 0;
        tile.transferMinor = tile.transfers * random.nextLong(1_000, 10_000_000);
        tile.bankLogins = random.nextInt(3);
        for (int c = 0; c < tile.callsOut + tile.callsIn; c++) {
            DistinctSketch.add(tile.counterparts, "k1.c" + random.nextInt(2_000));
        }
        return tile;
    }
}
