package io.convergent.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.serving.speed.SpeedViewStore;
import io.convergent.serving.testing.HandClock;
import io.convergent.serving.testing.ServingFixture;
import io.convergent.serving.testing.SpeedViewTopics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A serving that cannot start says why and leaves nothing running behind it. */
class ServingStartTest {

    @TempDir Path directory;

    private final SpeedViewTopics topics = new SpeedViewTopics();

    @BeforeEach
    void batchViewOnDisk() throws Exception {
        new ServingFixture(directory.resolve("serving")).close();
    }

    @Test
    void aTakenPortIsNamedAndNothingIsLeftRunningOrLocked() throws Exception {
        Set<Thread> before = liveThreads();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> start(taken.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(
                            "port "
                                    + taken.getLocalPort()
                                    + " on 127.0.0.1 (the HTTP API) is already in use; give"
                                    + " serving another port");
        }

        // No thread it started lives on: the followers, the scores' producer and publisher, nor
        // the event loops, which are not daemons and would keep `serve` from exiting. (Netty's
        // global executor, not a daemon either, ends itself a second after its last task.)
        assertThat(threadsLeftAfter(before, Duration.ofSeconds(10))).isEmpty();
        // Its RocksDB stores were closed: another serving opens them.
        try (Serving again = start(0)) {
            assertThat(again.port()).isPositive();
        }
    }

    @Test
    void aFollowerThatDoesNotStopInTimeLeavesTheStoresOpenInsteadOfClosingThemUnderIt()
            throws Exception {
        Serving serving = start(0, "1 s");
        topics.hangPolls();
        try {
            serving.close();

            // Closing waited its stop timeout for the follower, then left its store open (its lock
            // held):
            // closing it under a follower that then writes would crash the JVM. The process's
            // exit releases it.
            assertThatThrownBy(() -> new SpeedViewStore(directory.resolve("serving/speed")))
                    .isInstanceOf(IOException.class)
                    .rootCause()
                    .hasMessageContaining("lock");
        } finally {
            topics.releasePolls();
        }
    }

    @Test
    void aStopWaitsNoLongerThanItsTimeoutForAThreadThatDoesNotStop() throws Exception {
        Serving serving = start(0, "1 s");
        topics.hangPolls();
        try {
            long started = System.nanoTime();
            serving.close();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // One timeout shared by every wait: before, each thread had a wait of its own (5 s for
            // this follower alone, 30 s for the view poller, 10 s for the score publisher), which
            // together outlasted the 20 s up gives a stopping serve before killing it.
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(took).isLessThan(Duration.ofSeconds(4));
        } finally {
            topics.releasePolls();
        }
    }

    /** Threads started since {@code before} still alive after {@code wait} (or none sooner). */
    private static Set<Thread> threadsLeftAfter(Set<Thread> before, Duration wait)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Set<Thread> left = liveThreads();
            left.removeAll(before);
            if (left.isEmpty() || System.nanoTime() > deadline) {
                return left;
            }
            Thread.sleep(50);
        }
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .collect(Collectors.toSet());
    }

    /** A serving on the directory, at {@code port}, following {@link #topics}. */
    private Serving start(int port) throws Exception {
        return start(port, "15 s");
    }

    private Serving start(int port, String stopTimeout) throws Exception {
        return TestServings.start(
                directory,
                Map.of(
                        ServingConfig.HOST,
                        "127.0.0.1",
                        ServingConfig.PORT,
                        Integer.toString(port),
                        ServingConfig.STOP_TIMEOUT,
                        stopTimeout,
                        // A producer and a publisher more to close.
                        ServingConfig.PUBLISH_SCORES,
                        "true",
                        // Named in messages; the consumer is the fake broker's.
                        ServingConfig.BOOTSTRAP_SERVERS,
                        "127.0.0.1:1"),
                new HandClock(),
                bootstrapServers -> topics.consumer());
    }
}
