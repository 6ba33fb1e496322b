package io.convergent.common.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistinctSketchTest {

    @Test
    void countsAFewValuesAlmostExactlyAndIgnoresRepeats() {
        byte[] sketch = DistinctSketch.empty();
        for (int i = 0; i < 20; i++) {
            DistinctSketch.add(sketch, "k1.number-" + i);
            DistinctSketch.add(sketch, "k1.number-" + i);
        }

        assertThat(DistinctSketch.estimate(sketch)).isBetween(18L, 22L);
        assertThat(DistinctSketch.estimate(DistinctSketch.empty())).isZero();
    }

    @Test
    void estimatesManyValuesWithinItsError() {
        byte[] sketch = DistinctSketch.empty();
        for (int i = 0; i < 10_000; i++) {
            DistinctSketch.add(sketch, "k1.AAAAAAAAAAAAA" + i);
        }

        // Standard error 9 %: three of them is far outside what a correct sketch shows.
        assertThat((double) DistinctSketch.estimate(sketch)).isCloseTo(10_000, within(2_700.0));
    }

    @Test
    void mergingTwoSketchesCountsTheUnion() {
        byte[] monday = DistinctSketch.empty();
        byte[] tuesday = DistinctSketch.empty();
        byte[] both = DistinctSketch.empty();
        for (int i = 0; i < 300; i++) {
            DistinctSketch.add(i < 200 ? monday : tuesday, "n" + i);
            DistinctSketch.add(both, "n" + i);
        }
        // Tuesday also sees half of Monday's numbers again.
        for (int i = 100; i < 200; i++) {
            DistinctSketch.add(tuesday, "n" + i);
        }

        DistinctSketch.merge(monday, tuesday);

        assertThat(monday).isEqualTo(both);
    }
}
