package io.convergent.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.broker.LocalBroker;
import io.convergent.infra.launcher.DataDirectory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerConfigTest {

    private static final Path DIR = Path.of("/tmp/convergent-test/kafka");

    @Test
    void constructorNamesTheBadValue() {
        KafkaBrokerConfig config = KafkaBrokerConfig.defaults(DIR, "/opt/kafka.jar");

        assertThatThrownBy(() -> config.withPorts(0, 9093))
                .hasMessage("port must be in 1..65535, got 0");
        assertThatThrownBy(() -> config.withPorts(9092, 9092))
                .hasMessage("port and controllerPort must differ, both are 9092");
        assertThatThrownBy(() -> config.withStartupTimeout(Duration.ZERO))
                .hasMessage("startupTimeout must be positive, got PT0S");
        assertThatThrownBy(() -> KafkaBrokerConfig.defaults(DIR, " "))
                .hasMessage("classpath must not be blank");
    }

    @Test
    void serveFindsTheBrokerUpStartedOnADataDirectory(@TempDir Path dataDir) throws Exception {
        // As up configures its broker: in the data directory's kafka/, on the port it was given.
        KafkaBrokerConfig config =
                KafkaBrokerConfig.defaults(new DataDirectory(dataDir).kafka(), "/opt/kafka.jar")
                        .withPorts(19092, 19093);
        new KafkaServerFiles(config).write();

        assertThat(LocalBroker.bootstrapServers(dataDir)).contains(config.bootstrapServers());
    }

    @Test
    void aSingleNodeStaticQuorumWithoutAutoCreatedTopics() {
        KafkaBrokerConfig config =
                KafkaBrokerConfig.defaults(DIR, "/opt/kafka.jar").withPorts(19092, 19093);

        assertThat(new KafkaServerFiles(config).serverProperties())
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@localhost:19093")
                .doesNotContainKey("controller.quorum.bootstrap.servers")
                .containsEntry(
                        "listeners", "PLAINTEXT://localhost:19092,CONTROLLER://localhost:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://localhost:19092")
                .containsEntry("log.dirs", DIR.resolve("data").toString())
                .containsEntry("auto.create.topics.enable", "false")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("min.insync.replicas", "1")
                .containsEntry("broker.session.timeout.ms", "120000");
        assertThat(config.bootstrapServers()).isEqualTo("localhost:19092");
        assertThat(config.metaProperties()).isEqualTo(DIR.resolve("data/meta.properties"));
    }
}
