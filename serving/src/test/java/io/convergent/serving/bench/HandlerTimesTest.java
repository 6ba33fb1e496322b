package io.convergent.serving.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.serving.http.Metrics;
import org.junit.jupiter.api.Test;

class HandlerTimesTest {

    @Test
    void countsAnEndpointsAnswersWithinOneMillisecondFromServingsOwnHistogram() {
        Metrics metrics = new Metrics();
        metrics.observe("scores", 200, 200_000); // 0.2 ms
        metrics.observe("scores", 200, 1_000_000); // 1 ms: in the 1 ms bucket
        metrics.observe("scores", 200, 3_000_000);
        metrics.observe("transfer_risk", 200, 100_000);
        HandlerTimes.Counts before = HandlerTimes.parse(metrics.render(), "scores");
        metrics.observe("scores", 200, 50_000);
        metrics.observe("scores", 200, 20_000_000);

        assertThat(before).isEqualTo(new HandlerTimes.Counts(2, 3));
        assertThat(HandlerTimes.parse(metrics.render(), "scores").since(before))
                .isEqualTo(new HandlerTimes.Counts(1, 2));
        assertThat(HandlerTimes.parse(metrics.render(), "nothing"))
                .isEqualTo(new HandlerTimes.Counts(0, 0));
    }
}
