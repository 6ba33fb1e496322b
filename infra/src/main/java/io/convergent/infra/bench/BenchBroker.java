package io.convergent.infra.bench;

import io.convergent.common.topic.Topics;
import io.convergent.infra.kafka.KafkaBroker;
import io.convergent.infra.kafka.KafkaBrokerConfig;
import io.convergent.infra.kafka.TopicProvisioner;
import io.convergent.infra.process.ChildJvm;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real broker for one benchmark run: free ports, a directory of its own, the contract's topics.
 */
final class BenchBroker {

    private BenchBroker() {}

    /** Starts a broker in {@code directory} (the same {@link KafkaBroker} as {@code up}). */
    static KafkaBroker start(Path directory) throws Exception {
        int port;
        int controllerPort;
        try (ServerSocket a = new ServerSocket(0);
                ServerSocket b = new ServerSocket(0)) {
            port = a.getLocalPort();
            controllerPort = b.getLocalPort();
        }
        KafkaBroker broker =
                KafkaBroker.start(
                        KafkaBrokerConfig.defaults(directory, ChildJvm.currentClasspath())
                                .withPorts(port, controllerPort));
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                broker.bootstrapServers()))) {
            TopicProvisioner.forLocalBroker(admin).provision(Topics.all());
        } catch (Exception e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** Deletes a benchmark's temporary directory and everything in it. */
    static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
