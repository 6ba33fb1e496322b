package io.convergent.infra.kafka;

import io.convergent.common.topic.TopicDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of the contract ({@code Topics.all()}) that a cluster does not have yet, with
 * their partition counts and, for compacted ones, {@code cleanup.policy=compact}.
 *
 * <p>Idempotent: a topic that exists is kept as it is, with its data. If its partition count
 * differs from the contract's, a warning says so; partitions are never changed here, because that
 * would move keys between partitions under running consumers.
 *
 * <p>{@link #provision} returns once every partition it created accepts writes, so a producer
 * started right after it never meets a partition that is still becoming leader.
 */
public final class TopicProvisioner {

    /** What one run did. */
    public record Result(List<String> created, List<String> existing) {
        public Result {
            created = List.copyOf(Objects.requireNonNull(created, "created"));
            existing = List.copyOf(Objects.requireNonNull(existing, "existing"));
        }
    }

    /** One node: every topic has a single replica. */
    public static final short LOCAL_REPLICATION_FACTOR = 1;

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final short replicationFactor;
    private final Duration timeout;

    public TopicProvisioner(Admin admin, short replicationFactor, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "replicationFactor must be positive, got " + replicationFactor);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.replicationFactor = replicationFactor;
    }

    /** A provisioner for the single-node local broker. */
    public static TopicProvisioner forLocalBroker(Admin admin) {
        return new TopicProvisioner(admin, LOCAL_REPLICATION_FACTOR, Duration.ofSeconds(30));
    }

    public Result provision(List<TopicDefinition> topics)
            throws InterruptedException, TimeoutException {
        Objects.requireNonNull(topics, "topics");
        Set<String> present = await(admin.listTopics().names());
        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        List<NewTopic> missing = new ArrayList<>();
        for (TopicDefinition topic : topics) {
            if (present.contains(topic.name())) {
                existing.add(topic.name());
            } else {
                missing.add(newTopic(topic));
            }
        }
        if (!missing.isEmpty()) {
            CreateTopicsResult result = admin.createTopics(missing);
            for (NewTopic topic : missing) {
                try {
                    await(result.values().get(topic.name()));
                    created.add(topic.name());
                } catch (IllegalStateException e) {
                    // Another provisioner created it between our listing and our request.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    existing.add(topic.name());
                }
            }
        }
        warnOnDifferentLayout(topics, existing);
        awaitWritable(created);
        LOG.info("Topics: created {}, kept {} existing", created.size(), existing.size());
        return new Result(created, existing);
    }

    private NewTopic newTopic(TopicDefinition topic) {
        NewTopic newTopic = new NewTopic(topic.name(), topic.partitions(), replicationFactor);
        if (topic.compacted()) {
            newTopic.configs(
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        }
        return newTopic;
    }

    private void warnOnDifferentLayout(List<TopicDefinition> topics, List<String> existing)
            throws InterruptedException, TimeoutException {
        if (existing.isEmpty()) {
            return;
        }
        Map<String, TopicDescription> descriptions =
                await(admin.describeTopics(existing).allTopicNames());
        for (TopicDefinition topic : topics) {
            TopicDescription description = descriptions.get(topic.name());
            if (description != null && description.partitions().size() != topic.partitions()) {
                LOG.warn(
                        "Topic {} exists with {} partitions, the contract says {}; kept as is",
                        topic.name(),
                        description.partitions().size(),
                        topic.partitions());
            }
        }
    }

    /**
     * Waits until every partition of {@code names} answers a leader-only request. A created topic
     * is not writable at once: the broker's metadata names the leader before its replica manager
     * has made the local log the leader, and a produce in between is answered
     * NOT_LEADER_OR_FOLLOWER (a retriable error, but an idempotent producer was seen to hold such a
     * batch until its two-minute delivery timeout). A ListOffsets request is served by the same
     * leader check as a produce, so its success means a producer's first write is accepted.
     */
    private void awaitWritable(List<String> names) throws InterruptedException, TimeoutException {
        if (names.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Throwable notYet = writableOrCause(names);
            if (notYet == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(
                        "partitions of new topics are still not writable after "
                                + timeout
                                + ": "
                                + notYet.getMessage());
            }
            Thread.sleep(100);
        }
    }

    /** Null when every partition of {@code names} is led and answers; else why not (retriable). */
    private Throwable writableOrCause(List<String> names)
            throws InterruptedException, TimeoutException {
        try {
            Map<String, TopicDescription> descriptions =
                    admin.describeTopics(names)
                            .allTopicNames()
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            for (TopicDescription description : descriptions.values()) {
                for (TopicPartitionInfo partition : description.partitions()) {
                    if (partition.leader() == null || partition.leader().isEmpty()) {
                        return new LeaderNotAvailableException(
                                description.name()
                                        + "-"
                                        + partition.partition()
                                        + " has no leader");
                    }
                    partitions.put(
                            new TopicPartition(description.name(), partition.partition()),
                            OffsetSpec.latest());
                }
            }
            admin.listOffsets(partitions).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            // Right after creation the broker may not know the topic yet, or not lead it yet.
            if (e.getCause() instanceof RetriableException) {
                return e.getCause();
            }
            throw new IllegalStateException(
                    "Kafka admin request failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private <T> T await(KafkaFuture<T> future) throws InterruptedException, TimeoutException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "Kafka admin request failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
