package io.convergent.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.convergent.infra.process.ChildJvm;
import io.convergent.infra.process.PortInUseException;
import io.convergent.infra.testing.KafkaBrokerExtension;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir Path tempDir;

    @Test
    void servesClientsAsOneCombinedNode() throws Exception {
        try (Admin admin = Admin.create(KAFKA.clientConfig())) {
            Collection<Node> nodes = admin.describeCluster().nodes().get();
            assertThat(nodes).extracting(Node::id).containsExactly(KafkaServerFiles.NODE_ID);
        }
        assertThat(KAFKA.broker().isRunning()).isTrue();
        assertThat(KAFKA.directory().resolve("server.properties"))
                .content()
                .contains("controller.quorum.voters=1@localhost:")
                .doesNotContain("controller.quorum.bootstrap.servers")
                .contains("auto.create.topics.enable=false");
    }

    @Test
    void restartOnTheSameDirectoryKeepsRecordsAndTheClusterIdentity() throws Exception {
        String topic = "restart-check";
        try (Admin admin = Admin.create(KAFKA.clientConfig())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(topic, "subscriber-1", "kept across restarts"))
                    .get();
        }
        String metaBefore = Files.readString(KAFKA.broker().config().metaProperties());

        KafkaBroker restarted = KAFKA.restart();

        assertThat(Files.readString(restarted.config().metaProperties())).isEqualTo(metaBefore);
        assertThat(readAll(topic))
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(tuple("subscriber-1", "kept across restarts"));
    }

    @Test
    void aTakenKafkaPortFailsAtOnceWithoutStartingAChild() {
        // The running broker holds its ports, as a first `up` would for a second one.
        KafkaBrokerConfig second =
                KafkaBrokerConfig.defaults(tempDir, ChildJvm.currentClasspath())
                        .withPorts(
                                KAFKA.broker().config().port(),
                                KAFKA.broker().config().controllerPort());
        long startNanos = System.nanoTime();

        assertThatThrownBy(() -> KafkaBroker.start(second))
                .isInstanceOf(PortInUseException.class)
                .hasMessageContaining("port " + second.port())
                .hasMessageContaining("Kafka listener")
                .hasMessageContaining("already in use");

        assertThat(Duration.ofNanos(System.nanoTime() - startNanos))
                .isLessThan(Duration.ofSeconds(5));
        assertThat(second.serverLog()).doesNotExist();
    }

    @Test
    void aTakenControllerPortIsNamedInTheError() throws Exception {
        int[] ports = KafkaBrokerExtension.freePorts(2);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("localhost", ports[1]));
            KafkaBrokerConfig config =
                    KafkaBrokerConfig.defaults(tempDir, ChildJvm.currentClasspath())
                            .withPorts(ports[0], ports[1]);

            assertThatThrownBy(() -> KafkaBroker.start(config))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessageContaining("port " + ports[1])
                    .hasMessageContaining("Kafka controller listener");
        }
    }

    @Test
    void aChildThatCannotRunKafkaIsReportedWithItsExitAndLog() throws Exception {
        int[] ports = KafkaBrokerExtension.freePorts(2);
        Path emptyClasspath = Files.createDirectories(tempDir.resolve("no-jars"));
        KafkaBrokerConfig config =
                KafkaBrokerConfig.defaults(tempDir.resolve("kafka"), emptyClasspath.toString())
                        .withPorts(ports[0], ports[1]);

        assertThatThrownBy(() -> KafkaBroker.start(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failed with exit code 1")
                .hasMessageContaining("kafka.tools.StorageTool");
    }

    private static KafkaProducer<String, String> producer() {
        Map<String, Object> config = KAFKA.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        Map<String, Object> config = KAFKA.clientConfig();
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            long end = consumer.endOffsets(Set.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
