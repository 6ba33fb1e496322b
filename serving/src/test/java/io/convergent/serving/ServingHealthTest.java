package io.convergent.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.state.SubscriberState;
import io.convergent.serving.http.Health;
import io.convergent.serving.testing.HandClock;
import io.convergent.serving.testing.ServingFixture;
import io.convergent.serving.testing.SpeedViewTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code /health} says of a serving that follows the speed view's topics, as their broker
 * stops and starts: a batch view on disk serves from the start, the clock moves by hand.
 */
class ServingHealthTest {

    @TempDir Path directory;

    private final HandClock clock = new HandClock();
    private final SpeedViewTopics topics = new SpeedViewTopics();

    private String alice;

    @BeforeEach
    void batchViewOnDisk() throws Exception {
        try (ServingFixture view = new ServingFixture(directory.resolve("serving"))) {
            alice = view.alice;
        }
    }

    @Test
    void aServingThatWasReadyAndLostItsLiveViewIsDegradedUntilItIsBack() throws Exception {
        try (Serving serving = start()) {
            awaitStatus(serving, Health.Status.UP);

            // The walkthrough: the broker stops under a serving caught up and answering.
            topics.stop();
            clock.advance(Duration.ofSeconds(11));
            Health lost = serving.health();
            assertThat(lost.status()).isEqualTo(Health.Status.DEGRADED);
            assertThat(lost.ready()).isFalse();
            assertThat(lost.notReady())
                    .containsExactly(
                            "speed view not current: the live view has not reached its topics"
                                    + " for 11 s");

            topics.start();
            clock.advance(Duration.ofSeconds(1));
            awaitStatus(serving, Health.Status.UP);
            assertThat(serving.health().notReady()).isNull();
        }
    }

    @Test
    void aServingNeverReadySinceItStartedIsStartingThoughABatchViewServes() throws Exception {
        topics.stop();
        try (Serving serving = start()) {
            clock.advance(Duration.ofSeconds(11));
            Health health = serving.health();

            assertThat(health.batchView()).isNotNull();
            assertThat(health.status()).isEqualTo(Health.Status.STARTING);
            assertThat(health.notReady())
                    .containsExactly(
                            "speed view not current: the live view has not reached its topics"
                                    + " since serving started, 11 s ago (is the broker at"
                                    + " 127.0.0.1:1 up?)");
        }
    }

    @Test
    void afterARestartTheLastRecordsAgeIsItsRealAge() throws Exception {
        try (Serving serving = start()) {
            assertThat(serving.health().speedView().lastRecordAgeSeconds())
                    .as("no record ever applied")
                    .isEqualTo(-1);

            topics.publish(new SubscriberState(alice), clock.millis() - 90_000);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (serving.health().speedView().recordsApplied() < 1
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(serving.health().speedView().lastRecordAgeSeconds()).isEqualTo(90.0);
        }
        // The walkthrough: serving restarted while the broker is down, so no new record comes.
        topics.stop();
        clock.advance(Duration.ofSeconds(60));
        try (Serving restarted = start()) {
            Health.SpeedView speedView = restarted.health().speedView();

            assertThat(speedView.recordsApplied()).as("since this start").isZero();
            assertThat(speedView.lastRecordAgeSeconds()).isEqualTo(150.0);
        }
    }

    /** Waits up to 10 s (the follower checks its lag once a clock second) for {@code expected}. */
    private static void awaitStatus(Serving serving, Health.Status expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Health seen = serving.health();
        while (seen.status() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            seen = serving.health();
        }
        assertThat(seen.status()).as(seen.toString()).isEqualTo(expected);
    }

    /** A serving on the directory, following {@link #topics} with a new consumer. */
    private Serving start() throws Exception {
        return TestServings.start(
                directory,
                // Named in messages; the consumer is the fake broker's.
                Map.of(ServingConfig.BOOTSTRAP_SERVERS, "127.0.0.1:1"),
                clock,
                bootstrapServers -> topics.consumer());
    }
}
