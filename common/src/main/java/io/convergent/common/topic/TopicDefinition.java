package io.convergent.common.topic;

import java.util.Objects;

/**
 * One Kafka topic of the public contract: its name, role and the layout the local stack creates.
 *
 * @param name the topic name, as users and scripts know it
 * @param role input, output or control
 * @param partitions partitions created on a fresh broker
 * @param compacted whether the topic is log-compacted (control topics keep the latest value per
 *     key)
 */
public record TopicDefinition(String name, TopicRole role, int partitions, boolean compacted) {

    public TopicDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    "partitions of " + name + " must be positive, got " + partitions);
        }
    }
}
