package io.convergent.common.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.campaigns.CampaignMemory.Progress;
import io.convergent.common.campaigns.CampaignMemory.Seen;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceChainTest {

    private static final long HOUR = 3_600_000L;

    @Test
    void theStepsInEventTimeOrderWithinTheWindowMakeAChainEndingAtTheLast() {
        List<Seen> seen = List.of(new Seen(1, 5 * HOUR, 2), new Seen(0, 3 * HOUR, 1));
        assertThat(SequenceChain.end(seen, 2, 6 * HOUR)).isEqualTo(5 * HOUR);
        assertThat(SequenceChain.end(seen, 2, HOUR)).isEqualTo(SequenceChain.NONE);
        // The second step before the first is no chain.
        assertThat(
                        SequenceChain.end(
                                List.of(new Seen(1, HOUR, 2), new Seen(0, 3 * HOUR, 1)),
                                2,
                                6 * HOUR))
                .isEqualTo(SequenceChain.NONE);
    }

    @Test
    void oneEventFillsOneStepEvenWhenTheSequenceNamesItsKindTwice() {
        // [roaming entry, balance below, roaming entry]: one landing and one balance crossing in
        // the same millisecond are not a landing, a crossing and another landing.
        List<Seen> seen = List.of(new Seen(0, HOUR, 7), new Seen(2, HOUR, 7), new Seen(1, HOUR, 8));
        assertThat(SequenceChain.end(seen, 3, 6 * HOUR)).isEqualTo(SequenceChain.NONE);
        List<Seen> twoLandings =
                List.of(
                        new Seen(0, HOUR, 7),
                        new Seen(2, HOUR, 7),
                        new Seen(1, HOUR, 8),
                        new Seen(0, 2 * HOUR, 9),
                        new Seen(2, 2 * HOUR, 9));
        assertThat(SequenceChain.end(twoLandings, 3, 6 * HOUR)).isEqualTo(2 * HOUR);
    }

    @Test
    void aBurstOfOneStepNeverPushesOutTheOnlyMatchOfAnother() {
        Progress progress = new Progress(1);
        progress.add(new Seen(0, HOUR, 1), 6 * HOUR);
        for (int i = 0; i < 40; i++) {
            progress.add(new Seen(1, HOUR + i * 60_000L, 100 + i), 6 * HOUR);
        }

        assertThat(progress.seen).hasSize(Progress.MAX_SEEN);
        assertThat(progress.seen).contains(new Seen(0, HOUR, 1));
        // The newest matches of the busy step are the ones kept.
        assertThat(progress.seen).contains(new Seen(1, HOUR + 39 * 60_000L, 139));
        assertThat(progress.seen).doesNotContain(new Seen(1, HOUR, 100));
    }
}
