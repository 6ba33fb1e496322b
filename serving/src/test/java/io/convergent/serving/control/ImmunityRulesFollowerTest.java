package io.convergent.serving.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.immunity.ImmunityRules;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.testing.SampleRules;
import io.convergent.common.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ImmunityRulesFollowerTest {

    private static final TopicPartition RULES = new TopicPartition(Topics.CONTROL_IMMUNITY, 0);

    private static MockConsumer<byte[], byte[]> topicHolding(byte[]... documents) {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        Node broker = new Node(0, "localhost", 9092);
        consumer.updatePartitions(
                Topics.CONTROL_IMMUNITY,
                List.of(
                        new PartitionInfo(
                                Topics.CONTROL_IMMUNITY,
                                0,
                                broker,
                                new Node[] {broker},
                                new Node[] {broker})));
        consumer.updateBeginningOffsets(Map.of(RULES, 0L));
        // Records are handed to the consumer once it is assigned, as a broker would.
        consumer.schedulePollTask(
                () -> {
                    for (int i = 0; i < documents.length; i++) {
                        consumer.addRecord(
                                new ConsumerRecord<>(
                                        RULES.topic(),
                                        RULES.partition(),
                                        i,
                                        ImmunityRules.CONTROL_KEY.getBytes(StandardCharsets.UTF_8),
                                        documents[i]));
                    }
                });
        return consumer;
    }

    @Test
    void thePublishedPlanOfTheHighestUsableVersionIsInForce() throws Exception {
        ImmunityRulesFollower follower =
                new ImmunityRulesFollower(
                        topicHolding(
                                SampleRules.withNewRange(4),
                                "{\"format\": 1, \"version\": 9}".getBytes(StandardCharsets.UTF_8),
                                ImmunityRules.standard().withVersion(2).toJson(),
                                null));
        assertThat(follower.plan().categoryOf(SampleRules.NEWLY_OURS_NUMBER))
                .isNotEqualTo(NumberCategory.OURS);
        Thread thread = new Thread(follower);
        thread.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (follower.version() != 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            // Give the refused, the older and the tombstone their chance to undo it.
            Thread.sleep(200);

            assertThat(follower.version()).isEqualTo(4);
            assertThat(follower.plan().categoryOf(SampleRules.NEWLY_OURS_NUMBER))
                    .isEqualTo(NumberCategory.OURS);
        } finally {
            follower.close();
            thread.join(5000);
        }
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void theShippedPlanHoldsWhileTheTopicDoesNotExistAndCloseEndsTheWait() throws Exception {
        ImmunityRulesFollower follower = new ImmunityRulesFollower(new MockConsumer<>("earliest"));
        Thread thread = new Thread(follower);
        thread.start();
        Thread.sleep(200);

        assertThat(follower.version()).isZero();
        assertThat(follower.plan().categoryOf("+79580123456")).isEqualTo(NumberCategory.OURS);
        assertThat(thread.isAlive()).as("still waiting for the topic").isTrue();
        follower.close();
        thread.join(2000);
        assertThat(thread.isAlive()).isFalse();
    }
}
