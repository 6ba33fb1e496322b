package io.convergent.streaming.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a Kafka source that reads events and a compacted topic of standing state together (a
 * subscriber's contact preferences) starts a partition it has no checkpointed offset for: the state
 * topic from its beginning, the others as {@code others} says (their committed offsets). A job
 * started without its checkpoint (a new deployment, a lost or incompatible state) must read every
 * opt-out again, where the group's committed offset would skip all those written before it. A job
 * restored from a checkpoint resumes every partition at its checkpointed offset, as before.
 */
public final class WholeTopicsFirst implements OffsetsInitializer {

    private static final long serialVersionUID = 1L;

    private final Set<String> wholeTopics;
    private final OffsetsInitializer others;

    public WholeTopicsFirst(Set<String> wholeTopics, OffsetsInitializer others) {
        this.wholeTopics = Set.copyOf(wholeTopics);
        this.others = Objects.requireNonNull(others, "others");
    }

    @Override
    public Map<TopicPartition, Long> getPartitionOffsets(
            Collection<TopicPartition> partitions, PartitionOffsetsRetriever retriever) {
        List<TopicPartition> whole = new ArrayList<>();
        List<TopicPartition> rest = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            (wholeTopics.contains(partition.topic()) ? whole : rest).add(partition);
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (!whole.isEmpty()) {
            offsets.putAll(OffsetsInitializer.earliest().getPartitionOffsets(whole, retriever));
        }
        if (!rest.isEmpty()) {
            offsets.putAll(others.getPartitionOffsets(rest, retriever));
        }
        return offsets;
    }

    @Override
    public OffsetResetStrategy getAutoOffsetResetStrategy() {
        return others.getAutoOffsetResetStrategy();
    }
}
