package io.convergent.common.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashesTest {

    @Test
    void sequentialIdsSpreadOverTheHighBitsWithoutCollisions() {
        int count = 160_000;
        Set<Long> seen = new HashSet<>();
        int[] byTopFourBits = new int[16];
        for (int i = 0; i < count; i++) {
            long hash = Hashes.of("call-" + i);
            seen.add(hash);
            byTopFourBits[(int) (hash >>> 60)]++;
        }
        assertThat(seen).hasSize(count);
        // 10,000 expected in each; a hash that left the high bits alone would pile them up.
        assertThat(java.util.Arrays.stream(byTopFourBits).boxed())
                .allMatch(n -> n > 9_400 && n < 10_600);
    }

    @Test
    void theOrderOfCharactersMatters() {
        assertThat(Hashes.of("ab")).isNotEqualTo(Hashes.of("ba"));
        assertThat(Hashes.of("")).isNotEqualTo(Hashes.of("\0"));
    }
}
