package io.convergent.streaming.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecentKeysTest {

    private static final Duration PERIOD = Duration.ofHours(24);
    private static final long DAY = PERIOD.toMillis();

    /** A generation's span: the period, and the slack for a clock stepped back. */
    private static final long SPAN = PERIOD.plus(RecentKeys.CLOCK_SLACK).toMillis();

    private static final long T0 = 1_700_000_000_000L;
    private static final long PLENTY = 256L << 20;

    @Test
    void answersPerhapsForEveryKeyAddedAcrossManySlices() {
        RecentKeys keys = new RecentKeys(PERIOD, PLENTY);
        // Past the first three slices (65,536 + 262,144 + 1,048,576 keys), so four are probed.
        List<Long> added = hashes(1_500_000, 1);
        added.forEach(hash -> keys.add(hash, T0));

        assertThat(added).allMatch(hash -> keys.mightContain(hash, T0 + DAY - 1));
        long expectedBytes =
                RecentKeys.sliceBytes(RecentKeys.FIRST_SLICE_KEYS * (1L + 4 + 16 + 64));
        assertThat(keys.bytes()).isEqualTo(expectedBytes);
    }

    @Test
    void answersPerhapsForAboutOneNewKeyInAHundred() {
        RecentKeys keys = new RecentKeys(PERIOD, PLENTY);
        // A full first slice: the rate its ten bits per key are sized for.
        hashes(RecentKeys.FIRST_SLICE_KEYS, 1).forEach(hash -> keys.add(hash, T0));

        long falsePerhaps =
                hashes(200_000, 2).stream().filter(hash -> keys.mightContain(hash, T0)).count();
        assertThat(falsePerhaps / 200_000.0).isBetween(0.001, 0.03);
    }

    @Test
    void remembersAKeyForAtLeastAPeriodAndForgetsItWithinTwoSpans() {
        RecentKeys keys = new RecentKeys(PERIOD, PLENTY);
        List<Long> early = hashes(1_000, 3);
        List<Long> late = hashes(1_000, 4);
        keys.mightContain(0L, T0); // the first generation starts now
        early.forEach(hash -> keys.add(hash, T0));
        late.forEach(hash -> keys.add(hash, T0 + SPAN - 1));

        // One rotation: both stay, the late ones have been remembered a moment only.
        assertThat(early).allMatch(hash -> keys.mightContain(hash, T0 + SPAN));
        assertThat(late).allMatch(hash -> keys.mightContain(hash, T0 + SPAN - 1 + DAY));
        assertThat(late).allMatch(hash -> keys.mightContain(hash, T0 + 2 * SPAN - 1));
        // The second rotation: every key here was added at least a span ago.
        long stillPerhaps =
                early.stream().filter(hash -> keys.mightContain(hash, T0 + 2 * SPAN)).count()
                        + late.stream()
                                .filter(hash -> keys.mightContain(hash, T0 + 2 * SPAN))
                                .count();
        assertThat(stillPerhaps).isZero();
    }

    @Test
    void aClockBehindTheLastRotationOrNearTheEndOfTimeRotatesNothing() {
        RecentKeys keys = new RecentKeys(PERIOD, PLENTY);
        keys.add(hash("k"), T0);
        // Stepped back ten days, then forward again to just before the span ends.
        assertThat(keys.mightContain(hash("k"), T0 - 10 * DAY)).isTrue();
        assertThat(keys.mightContain(hash("k"), T0 + SPAN - 1)).isTrue();

        RecentKeys nearTheEnd = new RecentKeys(PERIOD, PLENTY);
        nearTheEnd.add(hash("k"), Long.MAX_VALUE - 10);
        // Asked twice: two rotations would forget it.
        assertThat(nearTheEnd.mightContain(hash("k"), Long.MAX_VALUE)).isTrue();
        assertThat(nearTheEnd.mightContain(hash("k"), Long.MAX_VALUE)).isTrue();
        assertThat(nearTheEnd.mightContain(hash("k"), Long.MIN_VALUE)).isTrue();
    }

    @Test
    void aKeyAddedEarlierIsKeptUntilTheFirstRotationOnly() {
        RecentKeys keys = new RecentKeys(PERIOD, PLENTY);
        keys.addEarlier(hash("restored"), T0);
        keys.add(hash("new"), T0 + 1);

        assertThat(keys.mightContain(hash("restored"), T0 + SPAN - 1)).isTrue();
        assertThat(keys.mightContain(hash("restored"), T0 + SPAN)).isFalse();
        assertThat(keys.mightContain(hash("new"), T0 + SPAN)).isTrue();
    }

    @Test
    void aKeyAddedAfterALongSilenceIsKeptAFullPeriod() {
        RecentKeys keys = new RecentKeys(PERIOD, PLENTY);
        keys.add(hash("first"), T0);
        long afterSilence = T0 + 10 * DAY;
        keys.add(hash("after the silence"), afterSilence);

        assertThat(keys.mightContain(hash("after the silence"), afterSilence + SPAN - 1)).isTrue();
        assertThat(keys.mightContain(hash("after the silence"), afterSilence + 2 * SPAN - 1))
                .isTrue();
        assertThat(keys.mightContain(hash("first"), afterSilence + SPAN)).isFalse();
    }

    @Test
    void aGenerationThatWouldOutgrowItsBudgetAnswersPerhapsToEveryKeyUntilItIsDropped() {
        long oneSlice = RecentKeys.sliceBytes(RecentKeys.FIRST_SLICE_KEYS);
        RecentKeys keys = new RecentKeys(PERIOD, oneSlice);
        hashes(RecentKeys.FIRST_SLICE_KEYS + 1, 5).forEach(hash -> keys.add(hash, T0));

        assertThat(keys.bytes()).isZero();
        assertThat(hashes(1_000, 6)).allMatch(hash -> keys.mightContain(hash, T0 + 1));
        // Still "perhaps" as the previous generation, and forgotten after the second rotation.
        assertThat(keys.mightContain(hash("never added"), T0 + SPAN)).isTrue();
        assertThat(keys.mightContain(hash("never added"), T0 + 2 * SPAN)).isFalse();
    }

    @Test
    void theHashSpreadsKeysThatDifferInOneCharacter() {
        RecentKeys keys = new RecentKeys(PERIOD, PLENTY);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add("call-" + i);
        }
        ids.forEach(id -> keys.add(hash(id), T0));

        long falsePerhaps = 0;
        for (int i = 10_000; i < 110_000; i++) {
            if (keys.mightContain(hash("call-" + i), T0)) {
                falsePerhaps++;
            }
        }
        // A sixth of a slice's capacity: nearly no false "perhaps" if sequential ids spread.
        assertThat(falsePerhaps).isLessThan(200);
        assertThat(ids).allMatch(id -> keys.mightContain(hash(id), T0));
    }

    @Test
    void refusesAPeriodOrABudgetItCannotWorkWith() {
        assertThatThrownBy(() -> new RecentKeys(Duration.ZERO, PLENTY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the period must be positive, got PT0S");
        assertThatThrownBy(() -> new RecentKeys(Duration.ofNanos(1), PLENTY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the period must be at least 1 ms, got PT0.000000001S");
        assertThatThrownBy(() -> new RecentKeys(PERIOD, 1_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes must hold one slice of 81920 bytes, got 1000");
    }

    private static long hash(String key) {
        return RecentKeys.hash(key);
    }

    private static List<Long> hashes(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Long> hashes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            hashes.add(hash(new UUID(random.nextLong(), random.nextLong()).toString()));
        }
        return hashes;
    }
}
