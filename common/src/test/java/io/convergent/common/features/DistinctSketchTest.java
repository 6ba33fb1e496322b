package io.convergent.common.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistinctSketchTest {

    @Test
    void theRegistersOfAKnownInputNeverChange() {
        // Sketches are stored (features_daily) and merged across days: a change of hashing would
        // merge old and new registers that mean different things. Pinned at 2f3598d.
        byte[] registers = DistinctSketch.empty();
        for (int i = 0; i < 1_000; i++) {
            DistinctSketch.add(registers, "cell-" + i);
        }
        assertThat(java.util.HexFormat.of().formatHex(registers))
                .isEqualTo(
                        "0508050706030605040505050603050405030403020306030403030504030404"
                                + "0502050504030502090407040603040503040208060407030706030304050606"
                                + "060505040403020103050304030704050609040405060606050203030b040303"
                                + "040803040905050404040202050703040a0303020305050505010c0402040402");
    }

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
