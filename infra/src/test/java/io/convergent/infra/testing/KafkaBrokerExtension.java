package io.convergent.infra.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.infra.kafka.KafkaBroker;
import io.convergent.infra.kafka.KafkaBrokerConfig;
import io.convergent.infra.process.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker for a test class, started through the same {@link KafkaBroker} as {@code
 * convergent up}, on free ports in a temporary directory that is deleted afterwards.
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * ... KAFKA.bootstrapServers() ...
 * }</pre>
 *
 * <p>One broker per test class: starting one costs seconds, so tests in a class share it and use
 * topic names of their own.
 */
public final class KafkaBrokerExtension
        implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    private final AtomicReference<Path> directory = new AtomicReference<>();
    private final AtomicReference<KafkaBroker> broker = new AtomicReference<>();
    private final AtomicBoolean anyTestFailed = new AtomicBoolean();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path dir = Files.createTempDirectory("convergent-kafka-");
        directory.set(dir);
        int[] ports = freePorts(2);
        KafkaBrokerConfig config =
                KafkaBrokerConfig.defaults(dir, ChildJvm.currentClasspath())
                        .withPorts(ports[0], ports[1])
                        .withStartupTimeout(STARTUP_TIMEOUT);
        broker.set(KafkaBroker.start(config));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            anyTestFailed.set(true);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        KafkaBroker running = broker.getAndSet(null);
        if (running != null) {
            running.close();
        }
        Path dir = directory.getAndSet(null);
        if (dir != null) {
            if (anyTestFailed.get() || context.getExecutionException().isPresent()) {
                keepBrokerLog(dir, context.getRequiredTestClass().getSimpleName());
            }
            deleteRecursively(dir);
        }
    }

    /**
     * A failed test's broker log is what explains a broker-side cause (a NOT_LEADER answer, a
     * stalled request); it is copied to {@code target/broker-logs/} before the directory goes.
     */
    private static void keepBrokerLog(Path dir, String testClass) throws IOException {
        Path log = dir.resolve("logs").resolve("server.log");
        if (!Files.isRegularFile(log)) {
            return;
        }
        Path kept = Path.of("target", "broker-logs", testClass + "-server.log");
        Files.createDirectories(kept.getParent());
        Files.copy(log, kept, StandardCopyOption.REPLACE_EXISTING);
        System.err.println(
                "Kafka broker log of the failed " + testClass + ": " + kept.toAbsolutePath());
    }

    public KafkaBroker broker() {
        KafkaBroker running = broker.get();
        if (running == null) {
            throw new IllegalStateException(
                    "no broker: register the extension as a static @RegisterExtension field");
        }
        return running;
    }

    public String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** The broker's directory (server.properties, data/, logs/). */
    public Path directory() {
        return broker().config().directory();
    }

    /** Client properties with the bootstrap servers, to add producer or consumer settings to. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /**
     * Reads {@code topic} from the start until {@code expected} records have come (or 60 s have
     * passed), then polls once more so a surplus shows; asserts that exactly {@code expected} came.
     */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, long expected) {
        Map<String, Object> config = new HashMap<>(clientConfig());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-read-" + topic + "-" + System.nanoTime());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            assertThat(records).as("records read back from %s", topic).hasSize((int) expected);
            return records;
        }
    }

    /** Stops the broker and starts it again on the same directory and ports, as a second up. */
    public KafkaBroker restart() throws IOException, InterruptedException {
        KafkaBroker running = broker();
        running.close();
        KafkaBroker restarted = KafkaBroker.start(running.config());
        broker.set(restarted);
        return restarted;
    }

    /** {@code count} distinct ports that were free a moment ago. */
    public static int[] freePorts(int count) throws IOException {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                // All held open together, so the ports differ.
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    /** Deletes a test directory and everything in it. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(
                            path -> {
                                try {
                                    Files.deleteIfExists(path);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        }
    }
}
