package io.convergent.common.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBrokerTest {

    @TempDir Path dataDir;

    @Test
    void theClientListenerUpLastAdvertisedIsTheBroker() throws Exception {
        write(
                "# Written by convergent on every broker start; edits are overwritten.\n"
                        + "listeners=PLAINTEXT://localhost:19092,CONTROLLER://localhost:19093\n"
                        + "advertised.listeners=PLAINTEXT://localhost:19092\n");

        assertThat(LocalBroker.bootstrapServers(dataDir)).contains("localhost:19092");
    }

    @Test
    void aDataDirectoryWhereNoBrokerWasStartedRecordsNone() throws Exception {
        // generate --lake and batch run make a data directory without a broker.
        assertThat(LocalBroker.bootstrapServers(dataDir)).isEmpty();
        write("listeners=CONTROLLER://localhost:19093\n");
        assertThat(LocalBroker.bootstrapServers(dataDir)).isEmpty();
    }

    @Test
    void aFileThatCannotBeReadIsRefusedNamingIt() throws Exception {
        write("advertised.listeners=PLAINTEXT://localhost:\\u12\n");

        assertThatThrownBy(() -> LocalBroker.bootstrapServers(dataDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "cannot read " + dataDir.resolve("kafka/server.properties") + ": ");
    }

    @Test
    void theClusterIdIsTheOneTheStorageWasFormattedWith() throws Exception {
        assertThat(LocalBroker.clusterId(dataDir)).as("never formatted").isEmpty();
        Path storage = dataDir.resolve("kafka").resolve("data");
        Files.createDirectories(storage);
        // As Kafka 4's StorageTool writes it.
        Files.writeString(
                storage.resolve("meta.properties"),
                "#\n#Mon Nov 23 10:00:00 UTC 2026\n"
                        + "cluster.id=q1Sh-9_ISia_zwGINzRvyQ\n"
                        + "directory.id=Hb0OJ1dBSYeVu1_v1LhSOw\n"
                        + "node.id=1\n"
                        + "version=1\n");

        assertThat(LocalBroker.clusterId(dataDir)).contains("q1Sh-9_ISia_zwGINzRvyQ");
        assertThat(LocalBroker.metaProperties(dataDir))
                .isEqualTo(storage.resolve("meta.properties"));
    }

    private void write(String properties) throws Exception {
        Files.createDirectories(dataDir.resolve("kafka"));
        Files.writeString(dataDir.resolve("kafka").resolve("server.properties"), properties);
    }
}
