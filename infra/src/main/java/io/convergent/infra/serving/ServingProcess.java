package io.convergent.infra.serving;

import io.convergent.infra.process.ChildJvm;
import io.convergent.infra.process.LogTail;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving layer in a JVM of its own, as {@code up} runs it: serving carries rocksdbjni, which
 * must not meet Flink's frocksdbjni in one class path. Started on a local data directory (its lake,
 * key, clients file), logging to {@code serving/serving.log}; ready once {@code /health/live}
 * answers. {@link #close} asks it to stop (SIGTERM) and waits.
 */
public final class ServingProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServingProcess.class);
    // Generous: on a shared two-core machine a JVM competing with Flink jobs catching up takes
    // tens of seconds to start; a refusal here stops the whole platform.
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final String MAIN_CLASS = "io.convergent.serving.ServingMain";

    private final Process process;
    private final java.util.concurrent.atomic.AtomicBoolean closing =
            new java.util.concurrent.atomic.AtomicBoolean();
    private final int port;
    private final Path log;

    private ServingProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts serving on {@code dataDir}, following {@code bootstrapServers}, answering on {@code
     * port}, and waits until it answers.
     */
    public static ServingProcess start(Path dataDir, String bootstrapServers, int port)
            throws IOException, InterruptedException {
        Path log = dataDir.resolve("serving").resolve("serving.log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(ChildJvm.detachedCommandPrefix());
        command.add(ChildJvm.javaExecutable().toString());
        command.add("-Xmx1g");
        // Serving stops itself if the launcher dies without a chance to stop it.
        command.add("-Dconvergent.parent-pid=" + ProcessHandle.current().pid());
        command.add("-cp");
        command.add(classpath());
        command.add(MAIN_CLASS);
        command.addAll(
                List.of(
                        "--data-dir",
                        dataDir.toAbsolutePath().toString(),
                        "--convergent.kafka.bootstrap-servers",
                        bootstrapServers,
                        "--convergent.serving.port",
                        Integer.toString(port),
                        // The one local replica publishes the dynamic scores.
                        "--convergent.serving.publish-scores",
                        "true"));
        long logOffset = Files.exists(log) ? Files.size(log) : 0;
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
        process.getOutputStream().close();
        ServingProcess serving = new ServingProcess(process, port, log);
        try {
            serving.awaitLive(logOffset);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // Not yet anyone's to stop: a start that fails (or is interrupted by a stop) leaves
            // no serving behind.
            process.destroyForcibly();
            throw e;
        }
        LOG.info("Started serving (pid {}) on http://127.0.0.1:{}", process.pid(), port);
        return serving;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Completes with the exit code if serving exits without being asked to. */
    public CompletableFuture<Integer> unexpectedExit() {
        // A stop we asked for is not news: without this, every normal stop of up logged serving
        // as having "exited by itself".
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        process.onExit()
                .thenAccept(
                        p -> {
                            if (!closing.get()) {
                                exit.complete(p.exitValue());
                            }
                        });
        return exit;
    }

    public String logTail() {
        return LogTail.of(log, 0, 20);
    }

    private void awaitLive(long logOffset) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException(
                        "serving exited with code "
                                + process.exitValue()
                                + " while starting; last lines of "
                                + log
                                + ":\n"
                                + LogTail.of(log, logOffset, 20));
            }
            try {
                HttpResponse<String> live =
                        client.send(
                                HttpRequest.newBuilder(URI.create(url() + "/health/live"))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (live.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException(
                        "serving did not answer within " + START_TIMEOUT + "; see " + log);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /**
     * Serving's class path: its classes and the dependency list the build writes next to them
     * ({@code serving/target/serving-classpath.txt}), found under {@code convergent.home} or the
     * nearest directory above the working directory that has them.
     */
    static String classpath() throws IOException {
        Path target =
                servingTarget()
                        .orElseThrow(
                                () ->
                                        new IOException(
                                                "serving is not built (no"
                                                        + " serving/target/serving-classpath.txt):"
                                                        + " run mvn -DskipTests install"));
        return target.resolve("classes")
                + java.io.File.pathSeparator
                + Files.readString(target.resolve("serving-classpath.txt"), StandardCharsets.UTF_8)
                        .trim();
    }

    private static Optional<Path> servingTarget() {
        List<Path> roots = new ArrayList<>();
        String home = System.getProperty("convergent.home");
        if (home != null) {
            roots.add(Path.of(home));
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            roots.add(p);
        }
        return roots.stream()
                .map(r -> r.resolve("serving").resolve("target"))
                .filter(t -> Files.isRegularFile(t.resolve("serving-classpath.txt")))
                .findFirst();
    }

    @Override
    public void close() throws InterruptedException {
        closing.set(true);
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        // Serving's own stop gives up waiting for its threads after 15 s by default
        // (convergent.serving.stop-timeout), so this kill is for a stop that hangs elsewhere.
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            LOG.warn("Serving did not stop within 20 s; killing it");
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        LOG.info("Stopped serving");
    }
}
