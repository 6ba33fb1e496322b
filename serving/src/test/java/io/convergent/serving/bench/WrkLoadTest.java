package io.convergent.serving.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WrkLoadTest {

    /** wrk 4.1's report with {@code --latency}, as it prints it. */
    private static final String REPORT =
            """
            Running 10s test @ http://127.0.0.1:41235
              1 threads and 22 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   635.91us  102.33us   1.24s    91.00%
                Req/Sec    19.87k     1.02k   21.00k    70.00%
              Latency Distribution
                 50%  612.00us
                 75%  690.00us
                 90%  760.00us
                 99%    1.01ms
              197741 requests in 10.00s, 19.30MB read
              Socket errors: connect 0, read 2, write 0, timeout 1
              Non-2xx or 3xx responses: 3
            Requests/sec:  19773.84
            Transfer/sec:      1.93MB
            """;

    @Test
    void readsThePercentilesTheRateAndTheErrorsInMilliseconds() {
        WrkLoad.Result r = WrkLoad.parse(REPORT);

        assertThat(r.requestsPerSecond()).isEqualTo(19_773.84);
        assertThat(r.p50Millis()).isCloseTo(0.612, within(1e-9));
        assertThat(r.p90Millis()).isCloseTo(0.760, within(1e-9));
        assertThat(r.p99Millis()).isCloseTo(1.01, within(1e-9));
        assertThat(r.maxMillis()).isCloseTo(1_240, within(1e-9));
        assertThat(r.requests()).isEqualTo(197_741);
        assertThat(r.errors()).isEqualTo(6);
    }

    @Test
    void refusesOutputWithoutALatencyDistribution() {
        assertThatThrownBy(
                        () -> WrkLoad.parse("unable to connect to 127.0.0.1:1 Connection refused"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a wrk --latency report");
    }

    @Test
    void connectionsAreScaledToTheRateAsked() {
        assertThat(ServingBenchmark.calibrated(22, 20_000, 13_471)).isEqualTo(33);
        assertThat(ServingBenchmark.calibrated(22, 20_000, 0)).isEqualTo(22);
        assertThat(ServingBenchmark.calibrated(1, 10, 20_000)).isEqualTo(1);
    }

    @Test
    void connectionsGrowWithTheRate() {
        assertThat(ServingBenchmark.wrkConnections(20_000)).isEqualTo(22);
        assertThat(ServingBenchmark.wrkConnections(5_000)).isEqualTo(6);
    }
}
