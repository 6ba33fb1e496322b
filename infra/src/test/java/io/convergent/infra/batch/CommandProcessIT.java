package io.convergent.infra.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.process.ChildJvm;
import io.convergent.infra.sql.SqlCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch layer's commands as processes of their own, as {@code bin/convergent} runs them, with
 * their logging: a JVM whose {@code java.io.tmpdir} is a directory of the test's, so that what
 * Flink would leave in {@code /tmp} is seen and nobody else's files are, and that a signal stops.
 */
class CommandProcessIT {

    @TempDir Path root;

    @Test
    void sqlKeepsFlinksTemporaryFilesInItsRunDirectoryAndLeavesNothingBehind() throws Exception {
        Path dataDir = root.resolve("data");
        LakeCatalogs.open(dataDir).close();
        Path jvmTemp = Files.createDirectories(root.resolve("jvm-tmp"));
        Path work = dataDir.resolve("work").resolve("batch");

        Process sql = start(jvmTemp, SqlCommand.class.getName(), "--data-dir", dataDir.toString());
        try (OutputStream in = sql.getOutputStream();
                BufferedReader out =
                        new BufferedReader(
                                new InputStreamReader(
                                        sql.getInputStream(), StandardCharsets.UTF_8))) {
            in.write("SELECT 1 + 1;\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            List<String> lines = readUntil(out, "(1 row)", Duration.ofMinutes(3));
            assertThat(lines).as("the query's result").contains("2");

            // While the shell waits for its next statement: the planner loaded, a job run.
            assertThat(names(jvmTemp)).as("the JVM's temporary directory").isEmpty();
            List<Path> runs = list(work);
            assertThat(runs).hasSize(1);
            assertThat(names(runs.get(0)))
                    .anyMatch(n -> n.startsWith("flink-table-planner_") && n.endsWith(".jar"))
                    .contains("flink-web-upload");

            in.close();
            assertThat(sql.waitFor(2, TimeUnit.MINUTES)).as("sql ended").isTrue();
        } finally {
            sql.destroyForcibly();
        }
        assertThat(sql.exitValue()).isZero();
        assertThat(names(jvmTemp)).as("the JVM's temporary directory").isEmpty();
        assertThat(list(work)).as("the run directory, removed").isEmpty();
    }

    @Test
    void aBackfillStoppedBySigtermSaysSoInOneLineAndExits143() throws Exception {
        Path dataDir = root.resolve("data");
        LakeCatalogs.open(dataDir).close();
        Path jvmTemp = Files.createDirectories(root.resolve("jvm-tmp"));

        Process batch =
                start(
                        jvmTemp,
                        BatchCommand.class.getName(),
                        "backfill",
                        "--from",
                        "2026-11-01",
                        "--to",
                        "2026-11-20",
                        "--data-dir",
                        dataDir.toString());
        List<String> after = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(batch.getInputStream(), StandardCharsets.UTF_8))) {
            readUntilStartOf(out, "2026-11-01  features_daily");
            // SIGTERM, while the day's next steps run; Process.destroy would close our pipes.
            assertThat(batch.toHandle().destroy()).isTrue();
            assertThat(batch.waitFor(2, TimeUnit.MINUTES)).as("batch ended").isTrue();
            out.lines().map(String::strip).forEach(after::add);
        } finally {
            batch.destroyForcibly();
        }

        assertThat(batch.exitValue()).as(String.join("\n", after)).isEqualTo(143);
        assertThat(after).isNotEmpty();
        assertThat(after.get(after.size() - 1))
                .startsWith("batch backfill: interrupted ")
                .contains("the steps reported done above stand")
                .endsWith("no batch view was published for 2026-11-20");
        assertThat(after)
                .as("no stack trace, no failure after the signal")
                .noneMatch(l -> l.startsWith("at ") || l.contains("Exception"))
                .noneMatch(l -> l.contains("failed") || l.contains("FAILED"));
    }

    /** A command's JVM, Flink's --add-opens as this one was given them, output merged. */
    static Process start(Path jvmTemp, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ChildJvm.javaExecutable().toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens"))
                .forEach(command::add);
        command.add("-Xmx1g");
        command.add("-Djava.io.tmpdir=" + jvmTemp);
        // The commands' logging, not the tests' (which shows Flink's at INFO).
        command.add("-Dlog4j2.configurationFile=" + commandLogging());
        command.add("-cp");
        command.add(ChildJvm.currentClasspath());
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** The commands' log4j2.xml, in main's classes or (under Failsafe) in the module's jar. */
    private static String commandLogging() {
        return SqlCommand.class.getResource("/log4j2.xml").toString();
    }

    /** The lines read up to and including the first that is {@code last}. */
    static List<String> readUntil(BufferedReader out, String last, Duration timeout)
            throws IOException {
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line.strip());
            if (line.strip().equals(last)) {
                return lines;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new AssertionError(
                "no line '" + last + "' in time; read:\n" + String.join("\n", lines));
    }

    /** The lines read up to and including the first that starts with {@code first}. */
    static List<String> readUntilStartOf(BufferedReader out, String first) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line.strip());
            if (line.startsWith(first)) {
                return lines;
            }
        }
        throw new AssertionError("no line '" + first + "...'; read:\n" + String.join("\n", lines));
    }

    private static List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.toList();
        }
    }

    private static List<String> names(Path directory) throws IOException {
        return list(directory).stream().map(p -> p.getFileName().toString()).toList();
    }
}
