package io.convergent.batch.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.convergent.common.models.ModelSpec;
import io.convergent.common.models.ModelSpecs;
import io.convergent.common.models.ScoringModel;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.api.Test;

/**
 * The pure-Java scorer every layer uses gives XGBoost's own predictions, for rows it trained on and
 * rows it never saw, including missing values.
 */
class ScorerAgreesWithXgboostTest {

    @Test
    void theScorerPredictsWhatXgboostPredicts() throws Exception {
        ModelSpec spec = ModelSpecs.parse(ChurnHistory.PORT_OUT_SPEC, "spec.yaml");
        SplittableRandom rng = new SplittableRandom(3);
        Matrix training = rows(rng, 2_000, 0);
        Matrix unseen = rows(rng, 500, 0.1);

        Booster booster = ModelTrainer.fit(spec.training(), training);
        ScoringModel scorer = ModelTrainer.scoringModel(spec, "v", booster, training);
        ScoringModel reread = ScoringModel.fromJson(scorer.toJson());

        DMatrix matrix = unseen.toDMatrix();
        float[][] expected = booster.predict(matrix);
        matrix.dispose();
        booster.dispose();
        assertThat(scorer.trees().trees()).isEqualTo(spec.training().rounds());
        for (int i = 0; i < unseen.rows(); i++) {
            double[] row = unseen.row(i);
            assertThat(scorer.trees().probability(row)).isCloseTo(expected[i][0], within(1e-6));
            assertThat(reread.trees().probability(row)).isEqualTo(scorer.trees().probability(row));
        }
    }

    /** Four features; the label depends on the first two; {@code missing} of the values are NaN. */
    private static Matrix rows(SplittableRandom rng, int n, double missing) {
        Matrix.Builder rows = new Matrix.Builder(4);
        for (int i = 0; i < n; i++) {
            double[] x = new double[4];
            for (int c = 0; c < 4; c++) {
                x[c] = rng.nextDouble() < missing ? Double.NaN : rng.nextInt(10) + rng.nextDouble();
            }
            double p = (x[0] > 5 ? 0.6 : 0.1) + (x[1] > 8 ? 0.3 : 0);
            rows.add(x, rng.nextDouble() < p ? 1 : 0);
        }
        return rows.build();
    }
}
