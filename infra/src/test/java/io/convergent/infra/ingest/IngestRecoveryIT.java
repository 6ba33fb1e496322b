package io.convergent.infra.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.table.Tables;
import io.convergent.common.topic.Topics;
import io.convergent.infra.generator.CollectingEventSink;
import io.convergent.infra.generator.CollectingEventSink.SentRecord;
import io.convergent.infra.generator.GenerationCounts;
import io.convergent.infra.generator.GeneratorConfig;
import io.convergent.infra.generator.GroundTruth;
import io.convergent.infra.generator.HistoryGenerator;
import io.convergent.infra.kafka.TopicProvisioner;
import io.convergent.infra.lake.LakeCatalog;
import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.process.ChildJvm;
import io.convergent.infra.testing.KafkaBrokerExtension;
import io.convergent.streaming.ingest.IngestJob;
import io.convergent.streaming.ingest.IngestOptions;
import io.convergent.streaming.lake.LakeTables;
import io.convergent.streaming.runtime.LocalFlink;
import io.convergent.streaming.runtime.LocalJob;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.DataOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest job killed outright (SIGKILL, no shutdown of any kind) while events still flow, then
 * started again on the same checkpoints: every table still holds each event exactly once.
 */
class IngestRecoveryIT {

    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(3);

    @TempDir Path dataDir;

    @Test
    void aJobKilledMidStreamResumesFromItsCheckpointWithoutLosingOrRepeatingAnEvent()
            throws Exception {
        try (Admin admin = Admin.create(KAFKA.clientConfig())) {
            TopicProvisioner.forLocalBroker(admin).provision(Topics.all());
        }
        CollectingEventSink generated = new CollectingEventSink();
        GenerationCounts counts =
                HistoryGenerator.write(
                        GeneratorConfig.builder()
                                .subscribers(300)
                                .days(4)
                                .seed(41)
                                .malformedRate(0.01)
                                .build(),
                        generated,
                        GroundTruth.none());
        List<SentRecord> records = generated.records();
        int firstPart = records.size() / 4;
        IngestFixture.produce(KAFKA.bootstrapServers(), records.subList(0, firstPart));

        Process ingest = startIngestProcess();
        try (LakeCatalog lake = LakeCatalogs.open(dataDir)) {
            // Once the first commits have landed, keep events flowing and kill the job among them.
            awaitRows(lake, 1);
            long firstSnapshot = firstSnapshot(lake, Tables.RAW_DATA_SESSIONS);
            int next = firstPart;
            int chunk = (records.size() - firstPart) / 10;
            for (int i = 0; i < 5; i++, next += chunk) {
                IngestFixture.produce(
                        KAFKA.bootstrapServers(), records.subList(next, next + chunk));
                Thread.sleep(300);
            }
            ingest.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            long landedAtKill = landed(lake);
            IngestFixture.produce(KAFKA.bootstrapServers(), records.subList(next, records.size()));
            assertThat(landedAtKill)
                    .as("the kill came mid-stream")
                    .isPositive()
                    .isLessThan(counts.events());
            assertThat(LocalFlink.latestCheckpoint(dataDir.resolve("checkpoints"))).isPresent();

            // Started again as up does: from the newest checkpoint the killed run left; with
            // upkeep every 2 commits and 1 s of snapshot history, so both can be seen at work.
            Map<String, String> settings =
                    new HashMap<>(
                            IngestFixture.options(KAFKA.bootstrapServers(), lake, dataDir).toMap());
            settings.put(IngestOptions.COMPACTION_COMMITS, "2");
            settings.put(IngestOptions.SNAPSHOT_MAX_AGE, "1 s");
            settings.put(IngestOptions.MAINTENANCE_RATE_LIMIT, "1 s");
            IngestJob job = new IngestJob(IngestOptions.fromMap(settings));
            try (LocalJob restarted =
                    LocalJob.start(
                            "ingest-restarted",
                            LocalFlink.configuration(
                                    dataDir.resolve("checkpoints"),
                                    IngestProcess.CHECKPOINT_INTERVAL,
                                    0),
                            2,
                            job::build)) {
                awaitRows(lake, counts.events());
                // More checkpoints: nothing replayed may land a second time, and the in-job
                // upkeep compacts the small files of each commit and expires old snapshots.
                awaitCompaction(lake, Tables.RAW_DATA_SESSIONS);
                // Expiry runs after the compaction has released the table's maintenance lock
                // (checked every 30 s by Iceberg's trigger manager).
                awaitExpiry(lake, Tables.RAW_DATA_SESSIONS, firstSnapshot);
                assertThat(restarted.termination()).isNotDone();
            }

            Map<String, Long> rowsByTable = new TreeMap<>();
            Map<String, Long> expected = new TreeMap<>();
            for (String table : Tables.rawTables()) {
                List<Record> rows = IngestFixture.rows(lake, table);
                HashSet<Object> ids = new HashSet<>();
                rows.forEach(r -> ids.add(r.getField("event_id")));
                assertThat(ids).as("distinct event ids in %s", table).hasSize(rows.size());
                rowsByTable.put(table, (long) rows.size());
            }
            for (InputTopic<?> topic : InputTopics.all()) {
                expected.put(
                        Tables.rawTableOf(topic.name()).orElseThrow(), counts.events(topic.name()));
            }
            assertThat(rowsByTable).isEqualTo(expected);
            assertThat(IngestFixture.rows(lake, Tables.REJECTED_EVENTS))
                    .hasSize((int) counts.malformed());
            assertThat(
                            records.stream()
                                    .filter(r -> IngestFixture.isValid(r, Identifiers.russian())))
                    .hasSize((int) counts.events());
        } finally {
            ingest.destroyForcibly();
        }
    }

    private Process startIngestProcess() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ChildJvm.javaExecutable().toString());
        // Flink's --add-opens, as this JVM was given them.
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens"))
                .forEach(command::add);
        command.addAll(
                List.of(
                        "-Xmx1g",
                        "-cp",
                        ChildJvm.currentClasspath(),
                        IngestProcess.class.getName(),
                        KAFKA.bootstrapServers(),
                        dataDir.toString()));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.PIPE)
                        .start();
        BufferedReader out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        String line;
        while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
            if (line.startsWith("RUNNING")) {
                Thread drain =
                        new Thread(
                                () -> {
                                    try {
                                        while (out.readLine() != null) {
                                            // keep the pipe from filling up
                                        }
                                    } catch (java.io.IOException e) {
                                        // the process is gone
                                    }
                                });
                drain.setDaemon(true);
                drain.start();
                return process;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the ingest process did not start; last line: " + line);
    }

    /** Waits until a compaction ({@code replace}) snapshot of {@code name} is committed. */
    private static void awaitCompaction(LakeCatalog lake, String name) throws Exception {
        Table table = lake.catalog().loadTable(TableIdentifier.of(LakeTables.NAMESPACE, name));
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            table.refresh();
            for (Snapshot snapshot : table.snapshots()) {
                if (DataOperations.REPLACE.equals(snapshot.operation())) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no compaction of " + name + " was committed in time");
    }

    /** Waits until snapshot {@code expired} of {@code name} is no longer kept. */
    private static void awaitExpiry(LakeCatalog lake, String name, long expired) throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        List<Long> kept = snapshotIds(lake, name);
        while (kept.contains(expired) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            kept = snapshotIds(lake, name);
        }
        assertThat(kept).as("snapshots of %s once expiry has run", name).doesNotContain(expired);
    }

    /** The ids of the snapshots {@code name} keeps, oldest first. */
    private static List<Long> snapshotIds(LakeCatalog lake, String name) {
        Table table = lake.catalog().loadTable(TableIdentifier.of(LakeTables.NAMESPACE, name));
        table.refresh();
        List<Long> ids = new ArrayList<>();
        for (Snapshot snapshot : table.snapshots()) {
            ids.add(snapshot.snapshotId());
        }
        return ids;
    }

    /**
     * The first snapshot of {@code name}, once there is one: each table's commit of a checkpoint is
     * its own, so the first rows in one table do not mean a snapshot in every other yet.
     */
    private static long firstSnapshot(LakeCatalog lake, String name) throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Long> ids = snapshotIds(lake, name);
            if (!ids.isEmpty()) {
                return ids.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " has no snapshot in time");
    }

    private static long landed(LakeCatalog lake) throws Exception {
        long rows = 0;
        for (String table : Tables.rawTables()) {
            rows += IngestFixture.rows(lake, table).size();
        }
        return rows;
    }

    private static void awaitRows(LakeCatalog lake, long expected) throws Exception {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        long rows = 0;
        while (System.nanoTime() < deadline) {
            rows = landed(lake);
            if (rows >= expected) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("only " + rows + " of " + expected + " rows landed in time");
    }
}
