package io.convergent.serving.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerCacheTest {

    static final byte[] ANSWER = {1};

    @Test
    void anAnswerServesUntilItsViewDayOrSubscriberChanges() {
        AnswerCache cache = new AnswerCache(10);
        cache.put("a", 1, 100, cache.generation("a"), ANSWER);
        assertThat(cache.get("a", 1, 100)).isSameAs(ANSWER);
        assertThat(cache.get("a", 2, 100)).isNull();
        assertThat(cache.get("a", 1, 101)).isNull();
        cache.invalidate("a");
        assertThat(cache.get("a", 1, 100)).isNull();
    }

    @Test
    void anAnswerComputedBeforeAnUpdateLandedIsNeverServed() {
        AnswerCache cache = new AnswerCache(10);
        long readBefore = cache.generation("a");
        // The follower stores a tile and invalidates while the answer is being computed...
        cache.invalidate("a");
        // ...and the answer, computed from the old tile, is stored afterwards.
        cache.put("a", 1, 100, readBefore, ANSWER);
        assertThat(cache.get("a", 1, 100)).isNull();
    }

    @Test
    void theCacheStaysWithinItsCapacityAndZeroDisablesIt() {
        AnswerCache cache = new AnswerCache(3);
        for (int i = 0; i < 10; i++) {
            cache.put("s" + i, 1, 100, cache.generation("s" + i), ANSWER);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(3);
        AnswerCache off = new AnswerCache(0);
        off.put("a", 1, 100, 0, ANSWER);
        assertThat(off.get("a", 1, 100)).isNull();
    }
}
