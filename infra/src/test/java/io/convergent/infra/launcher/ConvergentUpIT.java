package io.convergent.infra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.topic.TopicDefinition;
import io.convergent.common.topic.TopicRole;
import io.convergent.common.topic.Topics;
import io.convergent.infra.process.ChildJvm;
import io.convergent.infra.testing.KafkaBrokerExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code convergent up} as a user runs it: its own JVM, a READY line on stdout, a signal to stop,
 * and no process left behind.
 */
class ConvergentUpIT {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    @TempDir Path tempDir;

    @Test
    void startsStopsOnSignalsWithoutOrphansAndASecondRunKeepsTheData() throws Exception {
        Path dataDir = tempDir.resolve("var");
        int[] ports = KafkaBrokerExtension.freePorts(3);

        UpProcess first = UpProcess.start(dataDir, ports, tempDir.resolve("first.log"));
        String ready = first.awaitReady();
        assertThat(ready)
                .isEqualTo(
                        String.format(
                                "READY kafka=localhost:%d catalog=jdbc:sqlite:%s/catalog.db"
                                        + " warehouse=file:%s/warehouse data-dir=%s"
                                        + " serving=http://127.0.0.1:%d"
                                        + " serving-token=%s/secrets/serving.token",
                                ports[0], dataDir, dataDir, dataDir, ports[2], dataDir));
        assertThat(dataDir.resolve("kafka")).isDirectory();
        assertThat(dataDir.resolve("warehouse")).isDirectory();
        assertThat(dataDir.resolve("catalog.db")).isRegularFile();
        assertThat(dataDir.resolve("checkpoints")).isDirectory();
        assertThat(dataDir.resolve("serving")).isDirectory();
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("secrets")))
                .isEqualTo(DataDirectory.SECRETS_PERMISSIONS);
        List<ProcessHandle> firstChildren = first.descendants();
        assertThat(firstChildren).isNotEmpty();

        // Ctrl-C. A launcher started from a non-interactive shell in the background inherits
        // SIGINT as ignored, and a JVM keeps it so; then only SIGTERM can be tested.
        if (first.ignoresSigint()) {
            assertThat(first.stopWith("TERM")).isEqualTo(143);
        } else {
            assertThat(first.stopWith("INT")).isEqualTo(130);
        }
        assertAllGone(firstChildren);
        assertThat(first.log())
                .contains("Stopped Kafka broker")
                .contains("Applied example campaigns [comeback-after-dormancy,");

        // What a run killed outright leaves in a job's scratch space goes at the next start.
        Path leftOver =
                Files.createDirectories(dataDir.resolve("work/ingest/killed-run/db"))
                        .resolve("000001.sst");
        Files.writeString(leftOver, "state of a run that never cleaned up");

        UpProcess second = UpProcess.start(dataDir, ports, tempDir.resolve("second.log"));
        assertThat(second.awaitReady()).isEqualTo(ready);
        assertThat(dataDir.resolve("work/ingest/killed-run")).doesNotExist();
        List<ProcessHandle> secondChildren = second.descendants();
        assertThat(secondChildren).isNotEmpty();

        assertThat(second.stopWith("TERM")).isEqualTo(143);
        assertAllGone(secondChildren);
        assertThat(second.log())
                .contains("Reusing formatted Kafka storage")
                .contains("Topics: created 0, kept 20 existing")
                .contains("Campaigns already published; examples in")
                .doesNotContain("Created namespace");
    }

    @Test
    void theLiveGeneratorFeedsTheTopicsAndNoRawNumberReachesALogOrTheLake() throws Exception {
        int[] ports = KafkaBrokerExtension.freePorts(3);
        Path dataDir = tempDir.resolve("var");
        UpProcess up =
                UpProcess.start(
                        dataDir,
                        ports,
                        tempDir.resolve("up.log"),
                        List.of("--subscribers", "300", "--rate", "3000"));
        up.awaitReady();

        Set<String> numbers = rawNumbersOnTelcoCalls("localhost:" + ports[0], 200);
        // The ingest job that up runs commits the calls to the lake within a checkpoint or two.
        Path callsData = dataDir.resolve("warehouse/convergent/raw_calls/data");
        awaitParquetFile(callsData, Duration.ofSeconds(90));
        // The dedup's live RocksDB state is on the data directory's file system (the one up
        // watches for free space), not in the JVM's temporary directory.
        // CURRENT names a RocksDB instance's manifest: written when the instance opens.
        assertThat(
                        filesMatching(
                                dataDir.resolve("work/ingest"),
                                f -> f.getFileName().toString().equals("CURRENT")))
                .isNotEmpty();
        // The immunity job decides every call; its decisions go through the leak scan below.
        awaitRecordsOn(
                dataDir.resolve("kafka/data"), Topics.IMMUNITY_DECISIONS, Duration.ofSeconds(90));
        assertThat(up.stopWith("TERM")).isEqualTo(143); // 128 + SIGTERM, as a shell reports it

        assertThat(numbers).hasSizeGreaterThan(20);
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(
                                        dataDir.resolve("secrets/pseudonym.keys"))))
                .isEqualTo("rw-------");
        // Input topics hold raw numbers by design (inside the perimeter), and so does the
        // dead-letter topic, which keeps rejected records byte for byte for repair; nothing else
        // may: not the output, control or internal topics, not a log, not the lake, not the
        // checkpoints.
        Path kafkaData = dataDir.resolve("kafka/data");
        Set<String> inputTopics =
                Topics.withRole(TopicRole.INPUT).stream()
                        .map(TopicDefinition::name)
                        .collect(Collectors.toCollection(HashSet::new));
        inputTopics.add(Topics.EVENTS_DLQ);
        List<Path> scanned = new ArrayList<>(List.of(tempDir.resolve("up.log")));
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> !isInputTopicData(f, kafkaData, inputTopics))
                    .forEach(scanned::add);
        }
        for (Path file : scanned) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String number : numbers) {
                // E.164 digits cover +7..., 7...; the national form covers 8... and 9....
                String national = number.substring(2);
                assertThat(content)
                        .as("%s must not hold a raw phone number", file)
                        .doesNotContain(number.substring(1))
                        .doesNotContain(national);
            }
        }
    }

    /** Waits until a partition of {@code topic} holds a non-empty log segment on disk. */
    private static void awaitRecordsOn(Path kafkaData, String topic, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean written =
                    filesMatching(
                                    kafkaData,
                                    f ->
                                            f.getParent()
                                                            .getFileName()
                                                            .toString()
                                                            .startsWith(topic + "-")
                                                    && f.getFileName().toString().endsWith(".log"))
                            .stream()
                            .anyMatch(f -> f.toFile().length() > 0);
            if (written) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no record on " + topic + " within " + timeout);
    }

    private static void awaitParquetFile(Path directory, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(directory)) {
                if (!filesMatching(directory, f -> f.toString().endsWith(".parquet")).isEmpty()) {
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no data file in " + directory + " after " + timeout);
    }

    private static boolean isInputTopicData(Path file, Path kafkaData, Set<String> inputTopics) {
        if (!file.startsWith(kafkaData) || file.getParent().equals(kafkaData)) {
            return false;
        }
        String partition = kafkaData.relativize(file).getName(0).toString();
        int dash = partition.lastIndexOf('-');
        return dash > 0 && inputTopics.contains(partition.substring(0, dash));
    }

    /** Phone numbers seen on {@code telco.calls}, read as a consumer of the input topic. */
    private static Set<String> rawNumbersOnTelcoCalls(String bootstrap, int records) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, "leak-scan",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Set<String> numbers = new HashSet<>();
        Pattern e164 = Pattern.compile("\\+[1-9][0-9]{9,14}");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("telco.calls"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int seen = 0;
            while (seen < records && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    seen++;
                    Matcher matcher = e164.matcher(record.value());
                    while (matcher.find()) {
                        numbers.add(matcher.group());
                    }
                }
            }
        }
        return numbers;
    }

    @Test
    void aSignalDuringTheStartStopsWhatWasStartedWithoutAFailure() throws Exception {
        int[] ports = KafkaBrokerExtension.freePorts(3);
        UpProcess up = UpProcess.start(tempDir.resolve("var"), ports, tempDir.resolve("up.log"));
        // The broker's process is launched, and main waits for it to be ready before it adds it
        // to what a stop stops: the signal comes in between.
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!up.log().contains("Started Kafka broker (pid") && System.nanoTime() < deadline) {
            assertThat(up.process().isAlive()).as(up.log()).isTrue();
            Thread.sleep(50);
        }
        List<ProcessHandle> children = up.descendants();
        assertThat(children).as(up.log()).isNotEmpty();

        assertThat(up.stopWith("TERM")).as(up.log()).isEqualTo(143);

        // Everything was stopped before the launcher exited, not later by its own parent watch.
        for (ProcessHandle child : children) {
            assertThat(child.isAlive()).as("process %d\n%s", child.pid(), up.log()).isFalse();
        }
        assertThat(up.stdout()).isEmpty();
        assertThat(up.log())
                .contains("Stopping the local platform")
                // By the start it interrupted, or by the stack it was added to just then.
                .containsPattern("Kafka broker \\(pid \\d+\\) stopped|Stopped Kafka broker")
                .doesNotContain(" ERROR ")
                .doesNotContain("convergent up failed");
    }

    @Test
    void theBrokerStopsItselfWhenItsLauncherIsKilledOutright() throws Exception {
        int[] ports = KafkaBrokerExtension.freePorts(3);
        UpProcess up = UpProcess.start(tempDir.resolve("var"), ports, tempDir.resolve("up.log"));
        up.awaitReady();
        List<ProcessHandle> children = up.descendants();
        assertThat(children).isNotEmpty();

        // SIGKILL runs no shutdown hook: only the broker's own watch on its parent can stop it.
        up.stopWith("KILL");

        assertAllGone(children);
    }

    @Test
    void aBadOptionExitsWithUsageAndCode2() throws Exception {
        Process process =
                new ProcessBuilder(javaCommand(List.of("--subscribers", "none")))
                        .redirectErrorStream(true)
                        .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).isEqualTo(2);
        assertThat(output)
                .contains("--subscribers must be a positive integer, got 'none'")
                .contains("Usage: convergent up");
    }

    @Test
    void aTakenPortEndsUpAtOnceNamingThePortAndTheFlag() throws Exception {
        int[] ports = KafkaBrokerExtension.freePorts(3);
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("localhost", ports[0]));
            UpProcess up =
                    UpProcess.start(tempDir.resolve("var"), ports, tempDir.resolve("up.log"));

            assertThat(up.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(up.process().exitValue()).isEqualTo(1);
            assertThat(up.log())
                    .contains(
                            "port " + ports[0] + " on localhost (Kafka listener) is already in use")
                    .contains("--kafka-port");
            assertThat(up.stdout()).isEmpty();
        }
    }

    private static void assertAllGone(List<ProcessHandle> processes) throws Exception {
        for (ProcessHandle process : processes) {
            process.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(process.isAlive()).as("process %d", process.pid()).isFalse();
        }
    }

    private static List<String> javaCommand(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ChildJvm.javaExecutable().toString());
        command.add("-cp");
        command.add(ChildJvm.currentClasspath());
        command.add(ConvergentUp.class.getName());
        command.addAll(args);
        return command;
    }

    /** A running {@code ConvergentUp} JVM: stdout read line by line, stderr in a file. */
    private record UpProcess(Process process, BlockingQueue<String> stdout, Path logFile) {

        static UpProcess start(Path dataDir, int[] ports, Path logFile) throws IOException {
            return start(dataDir, ports, logFile, List.of("--no-generator"));
        }

        static UpProcess start(Path dataDir, int[] ports, Path logFile, List<String> extra)
                throws IOException {
            List<String> args =
                    new ArrayList<>(
                            List.of(
                                    "--data-dir",
                                    dataDir.toString(),
                                    "--kafka-port",
                                    Integer.toString(ports[0]),
                                    "--controller-port",
                                    Integer.toString(ports[1]),
                                    "--serving-port",
                                    Integer.toString(ports[2])));
            args.addAll(extra);
            Process process =
                    new ProcessBuilder(javaCommand(args)).redirectError(logFile.toFile()).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader =
                    new Thread(
                            () -> {
                                try (BufferedReader in =
                                        new BufferedReader(
                                                new InputStreamReader(
                                                        process.getInputStream(),
                                                        StandardCharsets.UTF_8))) {
                                    String line;
                                    while ((line = in.readLine()) != null) {
                                        lines.add(line);
                                    }
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            },
                            "up-stdout");
            reader.setDaemon(true);
            reader.start();
            return new UpProcess(process, lines, logFile);
        }

        String awaitReady() throws Exception {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                String line = stdout.poll(200, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith("READY")) {
                    return line;
                }
                if (line == null && !process.isAlive()) {
                    throw new AssertionError(
                            "up exited with " + process.exitValue() + " before READY:\n" + log());
                }
            }
            process.destroyForcibly();
            throw new AssertionError("no READY within " + READY_TIMEOUT + ":\n" + log());
        }

        /** Every process up started, directly or not: all must be gone after it stops. */
        List<ProcessHandle> descendants() {
            return process.descendants().toList();
        }

        /** Whether SIGINT is in the ignored mask of up's JVM (Linux /proc). */
        boolean ignoresSigint() throws IOException {
            Path status = Path.of("/proc", Long.toString(process.pid()), "status");
            if (!Files.isReadable(status)) {
                return false;
            }
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                    // Bit n-1 stands for signal n; SIGINT is 2.
                    return (mask & 0b10) != 0;
                }
            }
            return false;
        }

        int stopWith(String signal) throws Exception {
            Process kill =
                    new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                            .inheritIO()
                            .start();
            assertThat(kill.waitFor()).isZero();
            assertThat(process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("up stopped within %s", STOP_TIMEOUT)
                    .isTrue();
            return process.exitValue();
        }

        String log() throws IOException {
            return Files.readString(logFile, StandardCharsets.UTF_8);
        }
    }

    /**
     * The files under {@code root} of a running platform that {@code wanted} accepts. Its
     * checkpoint, state and log directories come and go while they are walked, and Files.walk fails
     * on one that vanished meanwhile (it did, in CI).
     */
    private static List<Path> filesMatching(Path root, Predicate<Path> wanted) throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(
                root,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (wanted.test(file)) {
                            found.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException failure)
                            throws IOException {
                        if (failure instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw failure;
                    }
                });
        return found;
    }
}
