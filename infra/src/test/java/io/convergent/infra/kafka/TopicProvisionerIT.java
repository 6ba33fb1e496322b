package io.convergent.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.topic.TopicDefinition;
import io.convergent.common.topic.Topics;
import io.convergent.infra.testing.KafkaBrokerExtension;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
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
