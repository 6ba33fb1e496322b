package io.convergent.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.topic.TopicDefinition;
import io.convergent.common.topic.Topics;
import io.convergent.infra.testing.KafkaBrokerExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TopicProvisionerIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final List<String> CONTRACT_NAMES =
            Topics.all().stream().map(TopicDefinition::name).toList();

    @Test
    void createsEveryContractTopicWithItsLayoutAndIsIdempotent() throws Exception {
        try (Admin admin = Admin.create(KAFKA.clientConfig())) {
            TopicProvisioner provisioner = TopicProvisioner.forLocalBroker(admin);

            TopicProvisioner.Result first = provisioner.provision(Topics.all());

            assertThat(first.created()).containsExactlyElementsOf(CONTRACT_NAMES);
            assertThat(first.existing()).isEmpty();
            assertLayoutMatchesContract(admin);

            TopicProvisioner.Result second = provisioner.provision(Topics.all());

            assertThat(second.created()).isEmpty();
            assertThat(second.existing()).containsExactlyInAnyOrderElementsOf(CONTRACT_NAMES);
            assertLayoutMatchesContract(admin);
        }
    }

    /**
     * The broker publishes a new partition's leader in its metadata before its replica manager has
     * made the local log the leader; a produce in between is answered NOT_LEADER_OR_FOLLOWER (seen
     * on every run of the recovery IT, and once followed by an idempotent batch stuck until its
     * delivery timeout). A producer that never retries must succeed on every partition as soon as
     * provisioning returns.
     */
    @Test
    void everyNewPartitionAcceptsWritesAsSoonAsProvisioningReturns() throws Exception {
        List<TopicDefinition> fresh =
                Topics.all().stream()
                        .map(
                                t ->
                                        new TopicDefinition(
                                                "writable." + t.name(),
                                                t.role(),
                                                t.partitions(),
                                                t.compacted()))
                        .toList();
        try (Admin admin = Admin.create(KAFKA.clientConfig())) {
            TopicProvisioner.forLocalBroker(admin).provision(fresh);
        }
        Map<String, Object> config = new HashMap<>(KAFKA.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.RETRIES_CONFIG, 0);
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (TopicDefinition topic : fresh) {
                for (int partition = 0; partition < topic.partitions(); partition++) {
                    acks.add(
                            producer.send(
                                    new ProducerRecord<>(
                                            topic.name(),
                                            partition,
                                            new byte[] {1},
                                            new byte[] {1})));
                }
            }
            producer.flush();
        }
        for (Future<RecordMetadata> ack : acks) {
            assertThat(ack.get().offset()).isZero();
        }
    }

    private static void assertLayoutMatchesContract(Admin admin) throws Exception {
        assertThat(admin.listTopics().names().get()).containsAll(CONTRACT_NAMES);
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(CONTRACT_NAMES).allTopicNames().get();
        List<ConfigResource> resources =
                CONTRACT_NAMES.stream()
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                        .toList();
        Map<String, Config> configs =
                admin.describeConfigs(resources).all().get().entrySet().stream()
                        .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
        Map<String, TopicDefinition> contract =
                Topics.all().stream()
                        .collect(Collectors.toMap(TopicDefinition::name, Function.identity()));

        for (String name : CONTRACT_NAMES) {
            TopicDefinition expected = contract.get(name);
            TopicDescription description = descriptions.get(name);
            assertThat(description.partitions()).as(name).hasSize(expected.partitions());
            assertThat(description.partitions())
                    .as(name)
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
            assertThat(configs.get(name).get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                    .as(name)
                    .isEqualTo(
                            expected.compacted()
                                    ? TopicConfig.CLEANUP_POLICY_COMPACT
                                    : TopicConfig.CLEANUP_POLICY_DELETE);
        }
    }
}
