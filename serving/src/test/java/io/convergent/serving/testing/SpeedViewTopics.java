package io.convergent.serving.testing;

import io.convergent.common.state.SubscriberState;
import io.convergent.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * The speed view's topics ({@code features.realtime} and {@code subscriber.state}, one partition
 * each) on a broker the test stops and starts. Each {@link #consumer()} is Kafka's {@link
 * MockConsumer} over what is published, so a serving restarted over the same topics gets a new one.
 * While the broker is stopped a consumer answers as a real one does: polls bring nothing, metadata
 * and end offsets time out.
 */
public final class SpeedViewTopics {

    public static final TopicPartition STATES = new TopicPartition(Topics.SUBSCRIBER_STATE, 0);
    public static final TopicPartition TILES = new TopicPartition(Topics.FEATURES_REALTIME, 0);

    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> published =
            Map.of(STATES, new ArrayList<>(), TILES, new ArrayList<>());
    private volatile boolean stopped;
    private volatile CountDownLatch pollsReleased;
    private final Semaphore pollsHanging = new Semaphore(0);

    /** Publishes {@code state} to {@code subscriber.state} with the Kafka timestamp given. */
    public void publish(SubscriberState state, long timestamp) {
        publish(state.subscriber, state.toJson(), timestamp);
    }

    /** Publishes {@code value}, as a producer wrote it, to {@code subscriber.state}. */
    public void publish(String subscriber, byte[] value, long timestamp) {
        synchronized (published) {
            List<ConsumerRecord<byte[], byte[]>> records = published.get(STATES);
            byte[] key = subscriber.getBytes(StandardCharsets.UTF_8);
            records.add(
                    new ConsumerRecord<>(
                            STATES.topic(),
                            STATES.partition(),
                            records.size(),
                            timestamp,
                            TimestampType.CREATE_TIME,
                            key.length,
                            value.length,
                            key,
                            value,
                            new RecordHeaders(),
                            Optional.empty()));
        }
    }

    public void stop() {
        stopped = true;
    }

    public void start() {
        stopped = false;
    }

    /**
     * Makes every later poll of the speed view hang, deaf to wakeups and interrupts, until {@link
     * #releasePolls}: a follower busy beyond any stop timeout. Returns once a follower is inside
     * such a poll.
     */
    public void hangPolls() throws InterruptedException {
        pollsReleased = new CountDownLatch(1);
        if (!pollsHanging.tryAcquire(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no follower polled within 10 s");
        }
    }

    /** Lets the polls {@link #hangPolls} holds, and every later one, go on. */
    public void releasePolls() {
        CountDownLatch released = pollsReleased;
        if (released != null) {
            released.countDown();
        }
    }

    /** A new consumer of the topics, as a follower starting now would open. */
    public Consumer<byte[], byte[]> consumer() {
        return new FollowingConsumer();
    }

    private final class FollowingConsumer extends MockConsumer<byte[], byte[]> {

        /** How many of each partition's published records were handed to the mock. */
        private final Map<TopicPartition, Integer> handed = new HashMap<>();

        FollowingConsumer() {
            super("earliest");
            Map<TopicPartition, Long> beginnings = new HashMap<>();
            for (TopicPartition partition : published.keySet()) {
                updatePartitions(
                        partition.topic(),
                        List.of(
                                new PartitionInfo(
                                        partition.topic(),
                                        partition.partition(),
                                        null,
                                        null,
                                        null)));
                beginnings.put(partition, 0L);
            }
            updateBeginningOffsets(beginnings);
        }

        @Override
        public List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
            requireBroker();
            return super.partitionsFor(topic, timeout);
        }

        @Override
        public synchronized Map<TopicPartition, Long> endOffsets(
                Collection<TopicPartition> partitions) {
            requireBroker();
            Map<TopicPartition, Long> ends = new HashMap<>();
            synchronized (published) {
                published.forEach(
                        (partition, records) -> ends.put(partition, (long) records.size()));
            }
            updateEndOffsets(ends);
            return super.endOffsets(partitions);
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            CountDownLatch released = pollsReleased;
            if (released != null && released.getCount() > 0 && assignment().contains(TILES)) {
                pollsHanging.release();
                awaitThroughInterrupts(released);
            }
            if (!stopped) {
                handOver();
            }
            ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
            if (records.isEmpty()) {
                // A real poll waits for records: no busy loop in the follower.
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return records;
        }

        private synchronized void handOver() {
            synchronized (published) {
                for (TopicPartition partition : assignment()) {
                    List<ConsumerRecord<byte[], byte[]>> records = published.get(partition);
                    for (int i = handed.getOrDefault(partition, 0); i < records.size(); i++) {
                        addRecord(records.get(i));
                    }
                    handed.put(partition, records.size());
                }
            }
        }

        private static void awaitThroughInterrupts(CountDownLatch released) {
            boolean interrupted = false;
            while (true) {
                try {
                    released.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private void requireBroker() {
            if (stopped) {
                throw new TimeoutException("the broker is stopped");
            }
        }
    }
}
