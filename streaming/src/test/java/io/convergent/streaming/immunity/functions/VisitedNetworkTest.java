package io.convergent.streaming.immunity.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.RadioAccess;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VisitedNetworkTest {

    @Test
    void aSessionAbroadNamesItsVisitedNetworkAndOneAtHomeDoesNot() {
        assertThat(VisitedNetwork.mayBeNamedIn(InputTopics.DATA.serialise(session(262)))).isTrue();
        assertThat(VisitedNetwork.mayBeNamedIn(InputTopics.DATA.serialise(session(null))))
                .isFalse();
    }

    @Test
    void theFieldIsFoundAnywhereAndOnlyWhole() {
        assertThat(mayBeNamedIn("{\"visitedMcc\":262}")).isTrue();
        assertThat(mayBeNamedIn("{\"a\":1,\"visitedMcc\": null}")).isTrue();
        // A value that reads like the field passes too: the parser has the last word.
        assertThat(mayBeNamedIn("{\"note\":\"visitedMcc\"}")).isTrue();
        assertThat(mayBeNamedIn("{\"visitedMccs\":262}")).isFalse();
        assertThat(mayBeNamedIn("{\"visitedMcc")).isFalse();
        assertThat(mayBeNamedIn("")).isFalse();
        assertThat(VisitedNetwork.mayBeNamedIn(null)).isFalse();
    }

    private static boolean mayBeNamedIn(String json) {
        return VisitedNetwork.mayBeNamedIn(json.getBytes(StandardCharsets.UTF_8));
    }

    private static DataSessionEvent session(Integer visitedMcc) {
        return new DataSessionEvent(
                "d1",
                1_800_000_000_000L,
                "+79581234567",
                null,
                1_799_999_000_000L,
                1_800_000_000_000L,
                1,
                2,
                RadioAccess.LTE,
                null,
                visitedMcc);
    }
}
