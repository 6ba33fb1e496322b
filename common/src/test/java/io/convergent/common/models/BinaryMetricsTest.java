package io.convergent.common.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

    @Test
    void aPerfectRankingHasAucOneAndFullPrecision() {
        BinaryMetrics m =
                BinaryMetrics.of(
                        new double[] {0.9, 0.8, 0.3, 0.2, 0.1, 0.05, 0.04, 0.03, 0.02, 0.01},
                        new int[] {1, 1, 0, 0, 0, 0, 0, 0, 0, 0});
        assertThat(m.auc()).isEqualTo(1.0);
        assertThat(m.prAuc()).isEqualTo(1.0);
        assertThat(m.baseRate()).isEqualTo(0.2);
        // The top 10 % is one row, a positive: precision 1 over a base rate of 0.2.
        assertThat(m.liftAt10()).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void aucCountsPairsAndTiesHalf() {
        // Pairs (positive, negative): (0.8, 0.6) won, (0.8, 0.8) tied, (0.4, 0.6) lost, (0.4,
        // 0.8) lost: 1.5 of 4.
        BinaryMetrics m =
                BinaryMetrics.of(new double[] {0.8, 0.4, 0.6, 0.8}, new int[] {1, 1, 0, 0});
        assertThat(m.auc()).isCloseTo(1.5 / 4, within(1e-12));
    }

    @Test
    void aConstantScoreIsNoBetterThanChance() {
        double[] scores = new double[100];
        int[] labels = new int[100];
        for (int i = 0; i < 100; i++) {
            scores[i] = 0.3;
            labels[i] = i % 4 == 0 ? 1 : 0;
        }
        BinaryMetrics m = BinaryMetrics.of(scores, labels);
        assertThat(m.auc()).isEqualTo(0.5);
        assertThat(m.prAuc()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void averagePrecisionIsTheMeanPrecisionAtEachPositive() {
        // Ranked: 1, 0, 1, 0: precision 1 at the first positive, 2/3 at the second.
        BinaryMetrics m =
                BinaryMetrics.of(new double[] {0.9, 0.7, 0.5, 0.1}, new int[] {1, 0, 1, 0});
        assertThat(m.prAuc()).isCloseTo((1 + 2.0 / 3) / 2, within(1e-12));
    }

    @Test
    void withoutBothClassesTheRankingFiguresAreUndefined() {
        BinaryMetrics m = BinaryMetrics.of(new double[] {0.1, 0.2}, new int[] {0, 0});
        assertThat(m.auc()).isNaN();
        assertThat(m.positives()).isZero();
    }
}
