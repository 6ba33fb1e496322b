package io.convergent.common.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UpliftTest {

    @Test
    void matchesNewcombesPublishedExample() {
        // Newcombe (1998), Statistics in Medicine 17:873, table II example (b): 56/70 vs 48/80,
        // method 10 gives 0.0524 to 0.3339 around a difference of 0.2.
        Uplift uplift = Uplift.of(70, 56, 80, 48);
        assertThat(uplift.difference()).isCloseTo(0.2, within(1e-12));
        assertThat(uplift.lower()).isCloseTo(0.0524, within(5e-4));
        assertThat(uplift.upper()).isCloseTo(0.3339, within(5e-4));
        assertThat(uplift.significant()).isTrue();
    }

    @Test
    void theWilsonIntervalOfNoSuccessesStartsAtZero() {
        double[] interval = Uplift.wilson(0, 10);
        assertThat(interval[0]).isZero();
        // Newcombe's example (h) for 0/10: 0 to 0.2775.
        assertThat(interval[1]).isCloseTo(0.2775, within(5e-4));
    }

    @Test
    void equalRatesGiveAnIntervalAroundZeroAndBadCountsAreRefused() {
        Uplift none = Uplift.of(1000, 100, 1000, 100);
        assertThat(none.difference()).isZero();
        assertThat(none.lower()).isNegative();
        assertThat(none.upper()).isPositive();
        assertThat(none.significant()).isFalse();
        assertThatThrownBy(() -> Uplift.of(10, 1, 0, 0)).hasMessageContaining("both groups");
        assertThatThrownBy(() -> Uplift.of(10, 11, 5, 1)).hasMessageContaining("between 0");
    }
}
