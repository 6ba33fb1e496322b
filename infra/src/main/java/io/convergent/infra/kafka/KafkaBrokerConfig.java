package io.convergent.infra.kafka;

import io.convergent.common.broker.LocalBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to run one single-node KRaft broker of the local stack.
 *
 * @param directory where the broker keeps everything: {@code server.properties}, its log4j2
 *     configuration, the log segments under {@code data/} and its own log under {@code logs/}
 * @param host the host the listeners bind to and advertise
 * @param port the client (PLAINTEXT) listener port
 * @param controllerPort the KRaft controller listener port
 * @param startupTimeout how long formatting plus startup may take before the start fails
 * @param shutdownTimeout how long a controlled shutdown may take before the child is killed
 * @param jvmOptions options for the child JVM (heap, GC)
 * @param classpath the child JVM's class path; must carry kafka_2.13 and its dependencies
 */
public record KafkaBrokerConfig(
        Path directory,
        String host,
        int port,
        int controllerPort,
        Duration startupTimeout,
        Duration shutdownTimeout,
        List<String> jvmOptions,
        String classpath) {

    public static final String DEFAULT_HOST = "localhost";
    public static final int DEFAULT_PORT = 9092;
    public static final int DEFAULT_CONTROLLER_PORT = 9093;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(90);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    // A local broker for development and tests: Kafka's own default of 1 GiB is more than it needs.
    public static final List<String> DEFAULT_JVM_OPTIONS =
            List.of("-Xms256m", "-Xmx768m", "-XX:+UseG1GC", "-Djava.awt.headless=true");

    public KafkaBrokerConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(jvmOptions, "jvmOptions");
        Objects.requireNonNull(classpath, "classpath");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        requirePort("port", port);
        requirePort("controllerPort", controllerPort);
        if (port == controllerPort) {
            throw new IllegalArgumentException(
                    "port and controllerPort must differ, both are " + port);
        }
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "startupTimeout must be positive, got " + startupTimeout);
        }
        if (shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "shutdownTimeout must be positive, got " + shutdownTimeout);
        }
        if (classpath.isBlank()) {
            throw new IllegalArgumentException("classpath must not be blank");
        }
        directory = directory.toAbsolutePath().normalize();
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * Default ports, timeouts and JVM options, with this JVM's class path, in {@code directory}.
     */
    public static KafkaBrokerConfig defaults(Path directory, String classpath) {
        return new KafkaBrokerConfig(
                directory,
                DEFAULT_HOST,
                DEFAULT_PORT,
                DEFAULT_CONTROLLER_PORT,
                DEFAULT_STARTUP_TIMEOUT,
                DEFAULT_SHUTDOWN_TIMEOUT,
                DEFAULT_JVM_OPTIONS,
                classpath);
    }

    public KafkaBrokerConfig withPorts(int newPort, int newControllerPort) {
        return new KafkaBrokerConfig(
                directory,
                host,
                newPort,
                newControllerPort,
                startupTimeout,
                shutdownTimeout,
                jvmOptions,
                classpath);
    }

    public KafkaBrokerConfig withStartupTimeout(Duration timeout) {
        return new KafkaBrokerConfig(
                directory,
                host,
                port,
                controllerPort,
                timeout,
                shutdownTimeout,
                jvmOptions,
                classpath);
    }

    /** The {@code host:port} clients bootstrap from. */
    public String bootstrapServers() {
        return host + ":" + port;
    }

    /** Rewritten on every start: what {@link LocalBroker} reads to find this broker. */
    public Path serverProperties() {
        return directory.resolve(LocalBroker.SERVER_PROPERTIES);
    }

    public Path log4jConfig() {
        return directory.resolve("log4j2.properties");
    }

    /** Kafka's {@code log.dirs}: topic partitions and, in KRaft mode, the metadata log. */
    public Path dataDirectory() {
        return directory.resolve(LocalBroker.STORAGE);
    }

    /** Written by {@code StorageTool format}; its presence means the storage is formatted. */
    public Path metaProperties() {
        return dataDirectory().resolve(LocalBroker.META_PROPERTIES);
    }

    /** The broker's own log: everything the child JVM writes, appended across restarts. */
    public Path serverLog() {
        return directory.resolve("logs").resolve("server.log");
    }

    private static void requirePort(String name, int value) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException(name + " must be in 1..65535, got " + value);
        }
    }
}
