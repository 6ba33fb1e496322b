package io.convergent.common.immunity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CallerReplayTest {

    private static final long T0 = 1_795_000_000_000L;
    private static final ReputationThresholds STANDARD = ReputationThresholds.standard();

    @Test
    void aMassDiallersHistoryEarnsTheReputationTheStreamingFoldGives() {
        List<CallerReplay.Event> events = new ArrayList<>();
        CallerActivity streaming = new CallerActivity();
        for (int i = 0; i < 400; i++) {
            long time = T0 + i * 6_000L; // ten calls a minute to new callees, mostly unanswered
            boolean answered = i % 10 == 0;
            events.add(CallerReplay.Event.call(time, "k1.callee-" + i, answered, 4_000));
            // What the streaming layer does with each call, in order.
            if (CallerReputation.of(streaming.featuresAt(time), STANDARD)
                    .showsMassDialling(STANDARD)) {
                streaming.recordMassDialling(time);
            }
            streaming.recordCall(time, "k1.callee-" + i, null, answered, 4_000);
        }
        long at = T0 + 400 * 6_000L;
        Collections.shuffle(events, new Random(5));

        CallerReputation replayed = CallerReplay.reputationAt(events, at, STANDARD);

        assertThat(replayed).isEqualTo(CallerReputation.of(streaming.featuresAt(at), STANDARD));
        assertThat(replayed.raised(ReputationSignal.HIGH_VOLUME)).isTrue();
        assertThat(replayed.raised(ReputationSignal.RECENT_MASS_DIALLING)).isTrue();
    }

    @Test
    void complaintsCountAndEventsAfterTheAsOfTimeDoNot() {
        List<CallerReplay.Event> events =
                List.of(
                        CallerReplay.Event.complaint(T0),
                        CallerReplay.Event.complaint(T0 + 60_000),
                        CallerReplay.Event.call(T0 + 120_000, "k1.a", true, 60_000),
                        CallerReplay.Event.complaint(T0 + 10 * 3_600_000L));
        CallerReputation at = CallerReplay.reputationAt(events, T0 + 180_000, STANDARD);
        assertThat(at.raised(ReputationSignal.COMPLAINTS)).isTrue();
        assertThat(at.features().complaints24h()).isBetween(1.9, 2.0);
        assertThat(at.features().attempts24h()).isBetween(0.99, 1.0);
    }
}
