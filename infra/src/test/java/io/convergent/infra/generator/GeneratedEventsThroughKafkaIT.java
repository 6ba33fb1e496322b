package io.convergent.infra.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.event.schema.EventParser;
import io.convergent.common.event.schema.ParseResult;
import io.convergent.common.event.schema.RejectionReason;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.topic.Topics;
import io.convergent.infra.kafka.TopicProvisioner;
import io.convergent.infra.testing.KafkaBrokerExtension;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The generator's records through a real broker (started by the same code as {@code up}) and back:
 * every valid event is accepted by the strict parser, every planted malformed record is rejected
 * with the reason it was planted for, and nothing is lost on the way.
 */
class GeneratedEventsThroughKafkaIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void everyRecordComesBackAcceptedOrRejectedForItsPlantedReason() throws Exception {
        try (Admin admin = Admin.create(KAFKA.clientConfig())) {
            TopicProvisioner.forLocalBroker(admin).provision(Topics.all());
        }
        GeneratorConfig config =
                GeneratorConfig.builder()
                        .subscribers(1_000)
                        .days(3)
                        .seed(11)
                        .malformedRate(0.02)
                        .build();
        GenerationCounts counts;
        try (KafkaEventSink sink = new KafkaEventSink(KAFKA.bootstrapServers())) {
            counts = HistoryGenerator.write(config, sink, GroundTruth.none());
        }
        assertThat(counts.malformed()).isPositive();

        Map<String, Long> accepted = new HashMap<>();
        Map<String, Map<RejectionReason, Long>> rejected = new HashMap<>();
        Identifiers identifiers = Identifiers.russian();
        for (InputTopic<?> topic : InputTopics.all()) {
            EventParser<?> parser = topic.parser(identifiers);
            for (ConsumerRecord<byte[], byte[]> record :
                    KAFKA.readAll(
                            topic.name(),
                            counts.events(topic.name()) + counts.malformed(topic.name()))) {
                ParseResult<?> result = parser.parse(record.value());
                if (result.accepted()) {
                    accepted.merge(topic.name(), 1L, Long::sum);
                    // The key is the entity the schema names, in the raw form the producer sent.
                    assertThat(record.key()).isNotNull();
                } else {
                    rejected.computeIfAbsent(
                                    topic.name(), t -> new EnumMap<>(RejectionReason.class))
                            .merge(result.rejection().reason(), 1L, Long::sum);
                }
            }
        }

        for (InputTopic<?> topic : InputTopics.all()) {
            assertThat(counts.events(topic.name()))
                    .as("events written to %s", topic.name())
                    .isPositive();
            assertThat(accepted.getOrDefault(topic.name(), 0L))
                    .as("valid events on %s", topic.name())
                    .isEqualTo(counts.events(topic.name()));
        }
        Map<String, Map<RejectionReason, Long>> planted = new HashMap<>();
        counts.malformedByReason()
                .forEach(
                        (topic, byReason) -> {
                            if (!byReason.isEmpty()) {
                                planted.put(topic, new EnumMap<>(byReason));
                            }
                        });
        assertThat(rejected).isEqualTo(planted);
    }
}
