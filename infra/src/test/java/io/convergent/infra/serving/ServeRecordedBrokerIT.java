package io.convergent.infra.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.identity.PseudonymKeyFile;
import io.convergent.infra.launcher.DataDirectory;
import io.convergent.infra.process.ChildJvm;
import io.convergent.infra.testing.KafkaBrokerExtension;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --data-dir DIR} with no broker named follows the one {@code up} last started on
 * {@code DIR}, at the address recorded in {@code DIR/kafka/server.properties}: only while the
 * broker answering there is that directory's (the same Kafka cluster id as its storage's), never
 * another copy's that has taken the port since. Serving runs in its own JVM, as {@code serve}.
 */
class ServeRecordedBrokerIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration SERVE_TIMEOUT = Duration.ofMinutes(2);

    @TempDir Path dir;

    @Test
    void serveRefusesAnotherDirectorysBrokerAtTheRecordedPortAndFollowsItsOwn() throws Exception {
        String bootstrap = KAFKA.bootstrapServers();
        String runningId = clusterIdIn(KAFKA.directory().resolve("data/meta.properties"));

        // Its up recorded the port, and formatted a storage of its own; the broker there now
        // is another directory's.
        Path displaced = dataDirectory("displaced", Uuid.randomUuid().toString());
        Served refused = serve(displaced);
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
        assertThat(refused.output())
                .contains(
                        "serve: the Kafka broker at "
                                + bootstrap
                                + " is not the one bin/convergent up last started on "
                                + displaced
                                + ": it reports cluster id "
                                + runningId
                                + ", ")
                .contains("bin/convergent up --data-dir " + displaced + " --kafka-port PORT")
                .doesNotContain("READY");

        // The directory whose storage the running broker was formatted on: followed.
        Path own = dataDirectory("own", runningId);
        Served followed = serve(own);
        assertThat(followed.exitCode()).as(followed.output()).isNull();
        assertThat(followed.output())
                .contains(
                        "serve: following the speed view at "
                                + bootstrap
                                + " (the broker bin/convergent up last started on "
                                + own
                                + ")")
                .contains("READY serving http://127.0.0.1:");
    }

    /**
     * A data directory as {@code up} leaves it, its broker recorded at the test broker's address
     * and its storage formatted with {@code clusterId}.
     */
    private Path dataDirectory(String name, String clusterId) throws IOException {
        Path root = dir.resolve(name);
        DataDirectory layout = DataDirectory.create(root);
        PseudonymKeyFile.createIfMissing(layout.pseudonymKeys());
        Files.copy(
                KAFKA.directory().resolve("server.properties"),
                layout.kafka().resolve("server.properties"));
        Path storage = Files.createDirectories(layout.kafka().resolve("data"));
        Files.writeString(
                storage.resolve("meta.properties"),
                "cluster.id=" + clusterId + "\nnode.id=1\nversion=1\n",
                StandardCharsets.UTF_8);
        return root;
    }

    /** What serve printed, and its exit code ({@code null}: still running once READY). */
    private record Served(Integer exitCode, String output) {}

    /**
     * Runs serve on {@code dataDir} until it prints READY (then stops it with SIGTERM, which must
     * end it with code 143 after serving's own stop) or exits.
     */
    private Served serve(Path dataDir) throws Exception {
        Path log = dir.resolve(dataDir.getFileName() + "-serve.log");
        List<String> command =
                List.of(
                        ChildJvm.javaExecutable().toString(),
                        "-Xmx256m",
                        "-Dconvergent.parent-pid=" + ProcessHandle.current().pid(),
                        "-cp",
                        ServingProcess.classpath(),
                        "io.convergent.serving.ServingMain",
                        "--data-dir",
                        dataDir.toString(),
                        "--convergent.serving.port",
                        Integer.toString(KafkaBrokerExtension.freePorts(1)[0]));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        process.getOutputStream().close();
        try {
            long deadline = System.nanoTime() + SERVE_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
                    return new Served(process.exitValue(), read(log));
                }
                if (read(log).contains("READY")) {
                    // SIGTERM: serving closes itself before the JVM's hooks, then exits as a
                    // shell reports a process the signal ended.
                    process.destroy();
                    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    assertThat(process.exitValue()).as(read(log)).isEqualTo(143);
                    assertThat(read(log)).containsPattern("Serving stopped in \\d+ ms");
                    return new Served(null, read(log));
                }
            }
            throw new AssertionError("serve neither exited nor was ready: " + read(log));
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** The cluster id in a {@code meta.properties} that {@code StorageTool format} wrote. */
    private static String clusterIdIn(Path metaProperties) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(metaProperties, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties.getProperty("cluster.id");
    }
}
