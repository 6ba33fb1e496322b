package io.convergent.serving.speed;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.state.SubscriberState;
import io.convergent.common.topic.Topics;
import io.convergent.serving.testing.SpeedViewTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the follower says about its view without a broker to follow (none listens on port 1). */
class SpeedViewFollowerTest {

    @TempDir Path directory;

    @Test
    void aViewFallenBehindItsTopicsIsNotVouchedForUntilItCatchesUpAgain() throws Exception {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (String topic : List.of(Topics.FEATURES_REALTIME, Topics.SUBSCRIBER_STATE)) {
            consumer.updatePartitions(
                    topic, List.of(new PartitionInfo(topic, 0, null, null, null)));
            ends.put(new TopicPartition(topic, 0), 0L);
        }
        consumer.updateBeginningOffsets(new HashMap<>(ends));
        consumer.updateEndOffsets(ends);
        try (SpeedViewStore store = new SpeedViewStore(directory)) {
            SpeedViewFollower follower =
                    new SpeedViewFollower(
                            consumer,
                            "the mock broker",
                            store,
                            () -> Long.MIN_VALUE,
                            s -> {},
                            Clock.systemUTC());
            Thread thread = new Thread(follower, "follower");
            thread.start();
            try {
                awaitNotCurrent(follower, Optional.empty());

                // Back from an outage: a million records published that the view has not
                // applied.
                consumer.updateEndOffsets(
                        Map.of(new TopicPartition(Topics.SUBSCRIBER_STATE, 0), 1_000_000L));
                awaitNotCurrent(
                        follower,
                        Optional.of("the live view is 1000000 records behind its topics"));
            } finally {
                follower.close();
                thread.join(10_000);
            }
        }
    }

    @Test
    void theNewestRecordsTimeIsKeptWithTheOffsets() throws Exception {
        SpeedViewTopics topics = new SpeedViewTopics();
        // Out of order, as producers' clocks allow: the newest is the latest time, not record.
        topics.publish(new SubscriberState("a"), 2_000);
        topics.publish(new SubscriberState("b"), 1_000);
        try (SpeedViewStore store = new SpeedViewStore(directory)) {
            SpeedViewFollower follower = follower(topics, store);
            assertThat(follower.lastRecordTimestamp()).as("none applied yet").isZero();
            Thread thread = new Thread(follower, "follower");
            thread.start();
            try {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (follower.applied() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(follower.applied()).isEqualTo(2);
                assertThat(follower.lastRecordTimestamp()).isEqualTo(2_000);
            } finally {
                follower.close();
                thread.join(10_000);
            }
        }
        // Restarted, before any new record (the broker is down): the store says when.
        topics.stop();
        try (SpeedViewStore store = new SpeedViewStore(directory)) {
            assertThat(follower(topics, store).lastRecordTimestamp()).isEqualTo(2_000);
        }
    }

    @Test
    void aFieldTheStateDoesNotHaveIsNotStored() throws Exception {
        SpeedViewTopics topics = new SpeedViewTopics();
        String subscriber = "k1.AAAAAAAAAAAAAAAAAAAAAA";
        String json = new String(new SubscriberState(subscriber).toJson(), StandardCharsets.UTF_8);
        // A producer's extra field, holding a raw number.
        byte[] withANumber =
                json.replaceFirst("\\{", "{\"msisdn\":\"+79123456789\",")
                        .getBytes(StandardCharsets.UTF_8);
        topics.publish(subscriber, withANumber, 1_000);
        try (SpeedViewStore store = new SpeedViewStore(directory)) {
            SpeedViewFollower follower = follower(topics, store);
            Thread thread = new Thread(follower, "follower");
            thread.start();
            try {
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (follower.applied() < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(store.state(subscriber)).isNotNull();
            } finally {
                follower.close();
                thread.join(10_000);
            }
        }
        try (var files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .as(file.toString())
                        .doesNotContain("79123456789");
            }
        }
    }

    private static SpeedViewFollower follower(SpeedViewTopics topics, SpeedViewStore store) {
        return new SpeedViewFollower(
                topics.consumer(),
                "the fake broker",
                store,
                () -> Long.MIN_VALUE,
                s -> {},
                Clock.systemUTC());
    }

    /** Waits up to 10 s (the lag is checked once a second) for {@code expected}. */
    private static void awaitNotCurrent(SpeedViewFollower follower, Optional<String> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Optional<String> seen = null;
        while (System.nanoTime() < deadline) {
            seen = follower.notCurrent(System.currentTimeMillis(), Duration.ofSeconds(10));
            if (seen.equals(expected)) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void aViewThatHasNotCaughtUpOrWhoseFollowerStoppedIsNotVouchedFor() throws Exception {
        try (SpeedViewStore store = new SpeedViewStore(directory)) {
            SpeedViewFollower follower =
                    new SpeedViewFollower(
                            SpeedViewFollower.kafkaConsumer("127.0.0.1:1"),
                            "127.0.0.1:1",
                            store,
                            () -> Long.MIN_VALUE,
                            s -> {},
                            Clock.systemUTC());
            assertThat(follower.notCurrent(System.currentTimeMillis(), Duration.ofSeconds(10)))
                    .contains("the live view is still catching up with its topics");
            // Nothing answers at that address: past the window it is said, not "catching up".
            assertThat(
                            follower.notCurrent(
                                    System.currentTimeMillis() + 11_000, Duration.ofSeconds(10)))
                    .hasValueSatisfying(
                            why ->
                                    assertThat(why)
                                            .startsWith(
                                                    "the live view has not reached its topics"
                                                            + " since serving started, 1")
                                            .endsWith(
                                                    " s ago (is the broker at 127.0.0.1:1"
                                                            + " up?)"));

            Thread thread = new Thread(follower, "follower");
            thread.start();
            follower.close();
            thread.join(30_000);

            assertThat(thread.isAlive()).isFalse();
            assertThat(follower.notCurrent(System.currentTimeMillis(), Duration.ofSeconds(10)))
                    .contains("the live view's follower has stopped");
        }
    }
}
