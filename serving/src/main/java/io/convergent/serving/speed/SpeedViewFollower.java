package io.convergent.serving.speed;

import io.convergent.common.event.PayloadScrubber;
import io.convergent.common.features.DailyTile;
import io.convergent.common.features.RealtimeTiles;
import io.convergent.common.state.SubscriberState;
import io.convergent.common.topic.Topics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code features.realtime} and {@code subscriber.state} into the {@link SpeedViewStore},
 * from the offsets the store holds (the beginning the first time): every serving replica reads
 * every partition itself, without a consumer group, since each holds the whole view. Tiles of days
 * the batch view already covers are skipped. A record that does not parse is counted and skipped,
 * never applied and never fatal.
 */
public final class SpeedViewFollower implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpeedViewFollower.class);

    /**
     * Records the view may be behind its topics and still be current: a fraction of a second of the
     * busiest traffic (20,000 events/s), since under steady traffic a new record lands between
     * almost any poll and the lag check after it, and a lag of exactly zero may never be seen.
     */
    public static final long CURRENT_LAG_RECORDS = 5_000;

    private static final List<String> TOPICS =
            List.of(Topics.FEATURES_REALTIME, Topics.SUBSCRIBER_STATE);

    private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private final SpeedViewStore store;
    private final LongSupplier batchCutoffDay;
    private final Consumer<String> tileChanged;
    private final Clock clock;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong lagRecords = new AtomicLong(-1);
    private final AtomicLong lastRecordTimestamp;
    private volatile boolean caughtUp;
    private volatile boolean running = true;
    private volatile boolean stopped;
    private volatile long confirmedAt;
    private long lagCheckedAt;

    /** When the follower was made: how long it has been trying to reach its topics. */
    private final long createdAt;

    /** Whether the broker has answered with the topics' partitions since start. */
    private volatile boolean reached;

    /** Whether the broker has answered at all since start (its topics may not exist yet). */
    private volatile boolean brokerAnswered;

    /** The broker it follows, for a message. */
    private final String bootstrapServers;

    /**
     * @param consumer reads the topics: {@link #kafkaConsumer} of {@code bootstrapServers}, or a
     *     test's (Kafka's {@code MockConsumer})
     * @param bootstrapServers the broker {@code consumer} reads from, named in messages
     * @param batchCutoffDay the current batch view's cutoff (epoch day), {@link Long#MIN_VALUE}
     *     without one
     * @param tileChanged told of each subscriber whose tiles changed, after the change is stored
     * @param clock the time the follower confirms its view at, the one {@link #notCurrent} is asked
     *     with
     */
    public SpeedViewFollower(
            org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
            String bootstrapServers,
            SpeedViewStore store,
            LongSupplier batchCutoffDay,
            Consumer<String> tileChanged,
            Clock clock) {
        this.consumer = consumer;
        this.bootstrapServers = bootstrapServers;
        this.store = store;
        this.batchCutoffDay = batchCutoffDay;
        this.tileChanged = tileChanged;
        this.clock = clock;
        this.createdAt = clock.millis();
        // A restart resumes from the stored offsets: the newest record it applied is the store's.
        this.lastRecordTimestamp = new AtomicLong(store.lastRecordTimestamp());
    }

    /** A consumer of {@code bootstrapServers} as the follower reads: assigned, no group. */
    public static org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> kafkaConsumer(
            String bootstrapServers) {
        return new KafkaConsumer<>(consumerProperties(bootstrapServers));
    }

    private static Properties consumerProperties(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // The broker answers a fetch as soon as one byte is there (fetch.min.bytes=1), so a long
        // wait costs no freshness; a short one only adds empty fetches (100 a second at 10 ms).
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "convergent-serving");
        return props;
    }

    @Override
    public void run() {
        try {
            assign();
            while (running) {
                try {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                    if (!records.isEmpty()) {
                        apply(records);
                    }
                    checkLag();
                } catch (KafkaException e) {
                    if (e instanceof WakeupException) {
                        throw e;
                    }
                    // A broker away for a while: the client reconnects; keep asking.
                    LOG.warn("Speed view follower: {}; retrying", e.toString());
                    pause();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("The speed view follower was woken without being closed", e);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("The speed view follower stopped: {}", e.getMessage(), e);
        } finally {
            stopped = true;
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void assign() {
        List<TopicPartition> partitions = new ArrayList<>();
        while (running && partitions.isEmpty()) {
            try {
                for (String topic : TOPICS) {
                    List<PartitionInfo> infos =
                            consumer.partitionsFor(topic, Duration.ofSeconds(10));
                    brokerAnswered = true;
                    if (infos != null) {
                        infos.forEach(
                                i -> partitions.add(new TopicPartition(topic, i.partition())));
                    }
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warn("Speed view topics not reachable yet ({}); retrying", e.getMessage());
            }
            if (partitions.size() < TOPICS.size()) {
                // Both topics, or wait: a half-followed view would look complete.
                partitions.clear();
                pause();
            }
        }
        consumer.assign(partitions);
        reached = !partitions.isEmpty();
        Map<String, Long> stored = store.offsets();
        for (TopicPartition partition : partitions) {
            Long next = stored.get(partition.topic() + ":" + partition.partition());
            if (next == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, next);
            }
        }
        LOG.info("Following {} partitions of {} from stored offsets", partitions.size(), TOPICS);
    }

    private void apply(ConsumerRecords<byte[], byte[]> records) throws IOException {
        long cutoff = batchCutoffDay.getAsLong();
        Set<String> changed = new HashSet<>();
        long newest = lastRecordTimestamp.get();
        int appliedHere = 0;
        try (SpeedViewStore.Update update = store.update()) {
            for (TopicPartition partition : records.partitions()) {
                long next = -1;
                for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                    next = record.offset() + 1;
                    if (applyOne(update, record, cutoff, changed)) {
                        appliedHere++;
                    }
                    newest = Math.max(newest, record.timestamp());
                }
                update.offset(partition.topic(), partition.partition(), next);
            }
            update.lastRecordTimestamp(newest);
            update.apply();
        }
        lastRecordTimestamp.set(newest);
        // Counted once the batch is in the store and its newest time set: /health never shows a
        // record applied beside the age of none (a test read -1 s after one record).
        applied.addAndGet(appliedHere);
        changed.forEach(tileChanged);
    }

    /** Applies one record to {@code update}: false if it was skipped as unreadable. */
    private boolean applyOne(
            SpeedViewStore.Update update,
            ConsumerRecord<byte[], byte[]> record,
            long cutoff,
            Set<String> changed) {
        try {
            if (record.topic().equals(Topics.FEATURES_REALTIME)) {
                DailyTile tile = RealtimeTiles.fromJson(record.value());
                if (tile.day > cutoff) {
                    update.tile(tile);
                    changed.add(tile.subscriber);
                }
            } else {
                SubscriberState state = SubscriberState.fromJson(record.value());
                // Stored as read back, not as received: a field the reader does not know (a raw
                // number a producer added) is not kept.
                update.state(state.subscriber, state.toJson());
            }
            return true;
        } catch (IllegalArgumentException e) {
            rejected.incrementAndGet();
            // The reason names the problem; a parser's message may quote a value of the payload,
            // so its digit runs are masked.
            LOG.warn(
                    "Skipped {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    PayloadScrubber.redactDigits(String.valueOf(e.getMessage())));
            return false;
        }
    }

    private void checkLag() {
        long now = clock.millis();
        if (now - lagCheckedAt < 1000) {
            return;
        }
        lagCheckedAt = now;
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end :
                consumer.endOffsets(consumer.assignment()).entrySet()) {
            lag += Math.max(0, end.getValue() - consumer.position(end.getKey()));
        }
        lagRecords.set(lag);
        confirmedAt = now;
        if (lag <= CURRENT_LAG_RECORDS && !caughtUp) {
            caughtUp = true;
            LOG.info("Speed view caught up ({} records applied)", applied.get());
        }
    }

    /** Records applied since start. */
    public long applied() {
        return applied.get();
    }

    /** Records skipped as unreadable since start. */
    public long rejected() {
        return rejected.get();
    }

    /** Records published but not yet applied, as of the last check (once a second); -1 before. */
    public long lagRecords() {
        return lagRecords.get();
    }

    /**
     * Whether the follower has once come within {@link #CURRENT_LAG_RECORDS} of the end of its
     * partitions.
     */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * Why the view cannot be vouched for as current at {@code now} (epoch ms), if it cannot: the
     * follower has stopped, has not yet caught up since start, has not reached the broker for
     * longer than {@code within} (it asks once a second), or is more than {@link
     * #CURRENT_LAG_RECORDS} records behind. A risk answer from such a view could miss a SIM swap
     * made after it fell behind.
     */
    public Optional<String> notCurrent(long now, Duration within) {
        if (stopped) {
            return Optional.of("the live view's follower has stopped");
        }
        if (!caughtUp && !reached && now - createdAt > within.toMillis()) {
            // Not catching up: the broker has not answered at all (wrong address, or down).
            return Optional.of(
                    "the live view has not reached its topics since serving started, "
                            + (now - createdAt) / 1000
                            + " s ago"
                            + (brokerAnswered
                                    ? " ("
                                            + bootstrapServers
                                            + " answers, without "
                                            + TOPICS
                                            + " yet)"
                                    : " (is the broker at " + bootstrapServers + " up?)"));
        }
        if (!caughtUp) {
            return Optional.of("the live view is still catching up with its topics");
        }
        long silent = now - confirmedAt;
        if (silent > within.toMillis()) {
            return Optional.of(
                    "the live view has not reached its topics for " + silent / 1000 + " s");
        }
        long lag = lagRecords.get();
        if (lag > CURRENT_LAG_RECORDS) {
            // Back after an outage, say: what was published meanwhile is not applied yet.
            return Optional.of("the live view is " + lag + " records behind its topics");
        }
        return Optional.empty();
    }

    /**
     * The Kafka timestamp of the newest record applied, kept in the store with the offsets, so
     * across restarts; 0 before any.
     */
    public long lastRecordTimestamp() {
        return lastRecordTimestamp.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
