package io.convergent.infra.kafka;

import io.convergent.infra.process.ChildJvm;
import io.convergent.infra.process.LogTail;
import io.convergent.infra.process.PortInUseException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode (one node, broker and controller combined) running in a
 * child JVM of its own, started from the Kafka jars on the given class path.
 *
 * <p>{@link #start} formats the storage on the first run and reuses it, with all its data, on every
 * later run in the same directory; it returns once the broker answers a cluster description. {@link
 * #close} stops the broker with SIGTERM (a controlled shutdown) and kills it if that takes longer
 * than the configured shutdown timeout.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final int TAIL_LINES = 40;
    private static final long POLL_MILLIS = 100;
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final KafkaBrokerConfig config;
    private final Process process;
    private final long logOffset;
    private final AtomicBoolean closed = new AtomicBoolean();

    private KafkaBroker(KafkaBrokerConfig config, Process process, long logOffset) {
        this.config = Objects.requireNonNull(config, "config");
        this.process = Objects.requireNonNull(process, "process");
        if (logOffset < 0) {
            throw new IllegalArgumentException("logOffset must not be negative, got " + logOffset);
        }
        this.logOffset = logOffset;
    }

    /**
     * Starts a broker and waits until it serves clients.
     *
     * @throws PortInUseException if the client or controller port is taken; no child is started
     * @throws IllegalStateException if formatting fails, the broker exits during startup, or it is
     *     not ready within the startup timeout; the message carries the tail of its log
     */
    public static KafkaBroker start(KafkaBrokerConfig config)
            throws IOException, InterruptedException {
        Objects.requireNonNull(config, "config");
        PortInUseException.requireFree("Kafka listener", config.host(), config.port());
        PortInUseException.requireFree(
                "Kafka controller listener", config.host(), config.controllerPort());

        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + config.startupTimeout().toNanos();
        new KafkaServerFiles(config).write();
        if (Files.isRegularFile(config.metaProperties())) {
            LOG.info("Reusing formatted Kafka storage in {}", config.dataDirectory());
        } else {
            format(config, deadlineNanos);
        }

        long logOffset = LogTail.sizeOf(config.serverLog());
        Process process = launch(config);
        KafkaBroker broker = new KafkaBroker(config, process, logOffset);
        try {
            broker.awaitReady(deadlineNanos);
        } catch (RuntimeException | InterruptedException e) {
            broker.close();
            throw e;
        }
        LOG.info(
                "Kafka broker ready at {} (pid {}) in {} ms; log: {}",
                config.bootstrapServers(),
                process.pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos),
                config.serverLog());
        return broker;
    }

    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    public KafkaBrokerConfig config() {
        return config;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * Completes with the exit code if the broker stops by itself, that is without {@link #close}; a
     * launcher watches it to stop the whole stack instead of running on without Kafka.
     */
    public CompletableFuture<Integer> unexpectedExit() {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        process.onExit()
                .thenAccept(
                        p -> {
                            if (!closed.get()) {
                                exit.complete(p.exitValue());
                            }
                        });
        return exit;
    }

    /** The last lines the broker wrote since this start. */
    public String logTail() {
        return LogTail.of(config.serverLog(), logOffset, TAIL_LINES);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!process.isAlive()) {
            LOG.info("Kafka broker (pid {}) had already exited", process.pid());
            return;
        }
        long startNanos = System.nanoTime();
        process.destroy();
        try {
            if (!process.waitFor(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "Kafka broker (pid {}) did not stop within {}; killing it",
                        process.pid(),
                        config.shutdownTimeout());
                process.destroyForcibly().waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LOG.info(
                "Kafka broker (pid {}) stopped in {} ms",
                process.pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
    }

    private static void format(KafkaBrokerConfig config, long deadlineNanos)
            throws IOException, InterruptedException {
        String clusterId = Uuid.randomUuid().toString();
        LOG.info(
                "Formatting Kafka storage in {} (cluster id {})",
                config.dataDirectory(),
                clusterId);
        long logOffset = LogTail.sizeOf(config.serverLog());
        List<String> command = javaCommand(config, List.of());
        command.add("kafka.tools.StorageTool");
        command.addAll(
                List.of(
                        "format",
                        "--cluster-id",
                        clusterId,
                        "--config",
                        config.serverProperties().toString()));
        Process formatter = startLogged(config, command);
        long remainingNanos = deadlineNanos - System.nanoTime();
        if (!formatter.waitFor(Math.max(0, remainingNanos), TimeUnit.NANOSECONDS)) {
            formatter.destroyForcibly();
            throw new IllegalStateException(
                    "formatting Kafka storage in "
                            + config.dataDirectory()
                            + " did not finish within "
                            + config.startupTimeout());
        }
        if (formatter.exitValue() != 0) {
            throw new IllegalStateException(
                    String.format(
                            "formatting Kafka storage in %s failed with exit code %d; last lines"
                                    + " of %s:%n%s",
                            config.dataDirectory(),
                            formatter.exitValue(),
                            config.serverLog(),
                            LogTail.of(config.serverLog(), logOffset, TAIL_LINES)));
        }
    }

    private static Process launch(KafkaBrokerConfig config) throws IOException {
        // The launcher's pid, so the broker stops itself if its launcher dies without a hook.
        String parentPid =
                "-D" + BrokerMain.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid();
        List<String> command = javaCommand(config, List.of(parentPid));
        command.add(BrokerMain.class.getName());
        command.add(config.serverProperties().toString());
        Process process = startLogged(config, command);
        LOG.info(
                "Started Kafka broker (pid {}) on {}, controller port {}",
                process.pid(),
                config.bootstrapServers(),
                config.controllerPort());
        return process;
    }

    /** {@code [setsid] java <options> -cp <classpath>}: ready for a main class and arguments. */
    private static List<String> javaCommand(KafkaBrokerConfig config, List<String> extraOptions) {
        List<String> command = new ArrayList<>(ChildJvm.detachedCommandPrefix());
        command.add(ChildJvm.javaExecutable().toString());
        command.addAll(config.jvmOptions());
        command.addAll(extraOptions);
        command.add("-Dlog4j2.configurationFile=" + config.log4jConfig());
        command.add("-cp");
        command.add(config.classpath());
        return command;
    }

    private static Process startLogged(KafkaBrokerConfig config, List<String> command)
            throws IOException {
        Path log = config.serverLog();
        Files.createDirectories(log.getParent());
        Process process =
                new ProcessBuilder(command)
                        .directory(config.directory().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        // Nothing is ever written to the child's stdin.
        process.getOutputStream().close();
        return process;
    }

    private void awaitReady(long deadlineNanos) throws InterruptedException {
        while (!acceptsConnections()) {
            checkStarting(deadlineNanos);
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
        try (Admin admin = Admin.create(readinessClientConfig())) {
            while (true) {
                checkStarting(deadlineNanos);
                try {
                    Collection<Node> nodes =
                            admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                                    .nodes()
                                    .get();
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException e) {
                    LOG.debug("Kafka broker not ready yet: {}", e.getCause().toString());
                }
                TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
            }
        }
    }

    private void checkStarting(long deadlineNanos) {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    String.format(
                            "Kafka broker exited during startup with code %d; last lines of"
                                    + " %s:%n%s",
                            process.exitValue(), config.serverLog(), logTail()));
        }
        if (System.nanoTime() > deadlineNanos) {
            throw new IllegalStateException(
                    String.format(
                            "Kafka broker at %s was not ready within %s; last lines of %s:%n%s",
                            config.bootstrapServers(),
                            config.startupTimeout(),
                            config.serverLog(),
                            logTail()));
        }
    }

    private boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(config.host(), config.port()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Map<String, Object> readinessClientConfig() {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                "convergent-readiness",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                4000);
    }
}
