package io.convergent.serving.speed;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedBrokerCheckTest {

    @TempDir Path dataDir;

    @Test
    void anotherClusterIdAtTheRecordedAddressIsRefusedNamingTheDirectoryTheAddressAndWhatToDo() {
        assertThat(RecordedBrokerCheck.compare(dataDir, "localhost:19092", "ours", "ours"))
                .isEmpty();
        assertThat(RecordedBrokerCheck.compare(dataDir, "localhost:19092", "ours", "theirs"))
                .contains(
                        "the Kafka broker at localhost:19092 is not the one bin/convergent up last"
                                + " started on "
                                + dataDir
                                + ": it reports cluster id theirs, "
                                + dataDir.resolve("kafka/data/meta.properties")
                                + " records ours (another data directory's broker has that port"
                                + " now). Start this directory's broker (bin/convergent up"
                                + " --data-dir "
                                + dataDir
                                + " --kafka-port PORT, a free port), or name the broker to follow"
                                + " with --convergent.kafka.bootstrap-servers HOST:PORT (none: the"
                                + " batch view alone)");
    }

    @Test
    void whatCannotBeToldApartIsNotRefused() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String nobody = "127.0.0.1:" + closedPort;
        // Never formatted: no id to compare (the broker is not even asked).
        assertThat(RecordedBrokerCheck.problem(dataDir, nobody, Duration.ofSeconds(1))).isEmpty();

        Path storage = dataDir.resolve("kafka").resolve("data");
        Files.createDirectories(storage);
        Files.writeString(storage.resolve("meta.properties"), "cluster.id=ours\nnode.id=1\n");
        // No broker answers: nothing is followed by mistake yet, and up may start it again.
        // ... and that is known at once, without waiting out the admin client's timeout.
        long start = System.nanoTime();
        assertThat(RecordedBrokerCheck.problem(dataDir, nobody, Duration.ofMinutes(2))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void aPortIsProbedBeforeTheBrokerIsAsked() throws Exception {
        try (ServerSocket open = new ServerSocket(0)) {
            int port = open.getLocalPort();
            assertThat(RecordedBrokerCheck.listening("localhost:" + port)).isTrue();
            assertThat(RecordedBrokerCheck.listening("PLAINTEXT://127.0.0.1:" + port + ",x:1"))
                    .isTrue();
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(RecordedBrokerCheck.listening("127.0.0.1:" + closedPort)).isFalse();
        assertThat(RecordedBrokerCheck.listening("127.0.0.1:notaport")).isFalse();
    }
}
