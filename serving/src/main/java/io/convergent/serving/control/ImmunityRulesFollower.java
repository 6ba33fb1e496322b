package io.convergent.serving.control;

import io.convergent.common.event.PayloadScrubber;
import io.convergent.common.immunity.ImmunityRules;
import io.convergent.common.immunity.PublishedRules;
import io.convergent.common.numbering.NumberingPlan;
import io.convergent.common.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code control.immunity} so that serving tells our numbers from others' by the numbering
 * plan the immunity job decides by, not only the one shipped: a range allocated to us since, or one
 * handed to another operator, is answered for as the rest of the platform treats it. The rules in
 * force are the usable document of the highest version ({@link PublishedRules}), read from the
 * beginning of the compacted topic at every start; until one is read, and while the topic does not
 * exist, the shipped plan applies.
 *
 * <p>Compaction keeps the last record of the key, not the highest version: if the last document
 * published was refused or older than the one before it, a restarted serving falls back to the
 * newest usable document still on the topic (or the shipped plan), while a running immunity job
 * keeps the rules in its checkpointed state. Publish a correction as a new, higher version.
 */
public final class ImmunityRulesFollower implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImmunityRulesFollower.class);

    /** How long to wait before asking again for a topic that is not there yet. */
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final PublishedRules rules = new PublishedRules();
    private volatile NumberingPlan plan = rules.inForce().numberingPlan();
    private volatile long version;
    private volatile boolean running = true;

    /**
     * @param consumer reads the topic: assigned, no group (a test's Kafka {@code MockConsumer})
     */
    public ImmunityRulesFollower(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** The numbering plan in force: the published one of the highest version, else the shipped. */
    public NumberingPlan plan() {
        return plan;
    }

    /** The version of the rules in force, 0 for the shipped ones. */
    public long version() {
        return version;
    }

    @Override
    public void run() {
        try {
            if (!assign()) {
                return;
            }
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record :
                            consumer.poll(Duration.ofMillis(500))) {
                        offer(record);
                    }
                } catch (KafkaException e) {
                    if (e instanceof WakeupException) {
                        throw e;
                    }
                    LOG.warn("Immunity rules follower: {}; retrying", e.toString());
                    pause(Duration.ofSeconds(1));
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("The immunity rules follower was woken without being closed", e);
            }
        } catch (RuntimeException e) {
            LOG.error(
                    "The immunity rules follower stopped; numbering plan version {} stays in"
                            + " force: {}",
                    version,
                    e.getMessage(),
                    e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Every partition of the topic from its beginning, once the topic exists; false if closed. */
    private boolean assign() {
        boolean told = false;
        while (running) {
            List<TopicPartition> partitions = new ArrayList<>();
            try {
                List<PartitionInfo> infos =
                        consumer.partitionsFor(Topics.CONTROL_IMMUNITY, Duration.ofSeconds(10));
                if (infos != null) {
                    infos.forEach(
                            i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                // The broker is not reachable yet: as for a topic not created yet.
            }
            if (!partitions.isEmpty()) {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                return true;
            }
            if (!told) {
                LOG.info(
                        "{} not found yet: the shipped numbering plan is in force until it is",
                        Topics.CONTROL_IMMUNITY);
                told = true;
            }
            pause(RETRY);
        }
        return false;
    }

    private void offer(ConsumerRecord<byte[], byte[]> record) {
        PublishedRules.Offer offer = rules.offer(record.value());
        switch (offer.outcome()) {
            case APPLIED -> {
                ImmunityRules inForce = rules.inForce();
                plan = inForce.numberingPlan();
                version = inForce.version();
                LOG.info(
                        "Numbering plan of {} version {} in force ({} ranges)",
                        Topics.CONTROL_IMMUNITY,
                        version,
                        plan.ranges().size());
            }
            case REFUSED ->
                    LOG.warn(
                            "Immunity rules at {}-{} offset {} refused, version {} stays in"
                                    + " force: {}",
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            version,
                            // A value echoed in the problem may be a number published by mistake.
                            PayloadScrubber.redactDigits(offer.problem()));
            case IGNORED -> {}
        }
    }

    /** Waits {@code duration}, or less once closed. */
    private void pause(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        try {
            while (running && System.nanoTime() < until) {
                Thread.sleep(100);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
