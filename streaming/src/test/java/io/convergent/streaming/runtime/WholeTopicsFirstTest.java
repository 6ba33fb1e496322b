package io.convergent.streaming.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class WholeTopicsFirstTest {

    @Test
    void aStateTopicStartsAtItsBeginningTheOthersAtTheGroupsCommittedOffsets() {
        WholeTopicsFirst offsets =
                new WholeTopicsFirst(
                        Set.of("control.contact-preferences"),
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST));
        TopicPartition preferences = new TopicPartition("control.contact-preferences", 3);
        TopicPartition network = new TopicPartition("telco.network", 0);

        // The readers resolve these markers per split: no broker is asked here.
        Map<TopicPartition, Long> start =
                offsets.getPartitionOffsets(List.of(preferences, network), null);

        assertThat(start)
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                preferences, KafkaPartitionSplit.EARLIEST_OFFSET,
                                network, KafkaPartitionSplit.COMMITTED_OFFSET));
        assertThat(offsets.getAutoOffsetResetStrategy()).isEqualTo(OffsetResetStrategy.EARLIEST);
    }
}
