package io.convergent.infra.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command's jobs, DataStream and SQL alike, run on the one cluster it installed; the default
 * local environment comes back when it closes.
 */
class SharedLocalClusterTest {

    @Test
    void everyJobOfTheCommandRunsOnOneClusterStartedByTheFirst() throws Exception {
        try (SharedLocalCluster shared = SharedLocalCluster.install(2)) {
            assertThat(shared.started()).as("no job yet, no cluster").isFalse();

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            assertThat(env).isNotInstanceOf(LocalStreamEnvironment.class);
            assertThat(env.getParallelism()).isEqualTo(2);
            List<Long> doubled = new ArrayList<>();
            try (CloseableIterator<Long> it =
                    env.fromSequence(1, 5).map(x -> x * 2).executeAndCollect()) {
                it.forEachRemaining(doubled::add);
            }
            TableEnvironment sql = TableEnvironment.create(EnvironmentSettings.inBatchMode());
            List<Row> rows = new ArrayList<>();
            try (CloseableIterator<Row> it =
                    sql.executeSql("SELECT x * 3 FROM (VALUES (1), (2)) AS t(x)").collect()) {
                it.forEachRemaining(rows::add);
            }

            assertThat(doubled).containsExactlyInAnyOrder(2L, 4L, 6L, 8L, 10L);
            assertThat(rows).extracting(r -> r.getField(0)).containsExactlyInAnyOrder(3, 6);
            assertThat(shared.jobsSubmitted()).as("both jobs on the shared cluster").isEqualTo(2);
        }
        assertThat(StreamExecutionEnvironment.getExecutionEnvironment())
                .isInstanceOf(LocalStreamEnvironment.class);
    }

    @Test
    void theJobsTemporaryFilesGoUnderTheDataDirectoryAndGoWithTheCluster(@TempDir Path work)
            throws Exception {
        // What a killed command left (its lock file free), and what one still running holds.
        Path gone = Files.createDirectories(work.resolve("run-7-dead").resolve("blobStore-x"));
        Files.createFile(work.resolve("run-7-dead").resolve(".running"));
        Path running = Files.createDirectories(work.resolve("run-8-alive").resolve("blobStore-y"));
        // One being set up this minute, its lock not made yet: left alone too.
        Path settingUp = Files.createDirectories(work.resolve("run-9-new"));
        try (FileChannel lock =
                        FileChannel.open(
                                work.resolve("run-8-alive").resolve(".running"),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                FileLock held = lock.lock()) {
            // Older than a command takes to set its directory up.
            FileTime before = FileTime.from(Instant.now().minus(Duration.ofMinutes(2)));
            Files.setLastModifiedTime(work.resolve("run-7-dead"), before);
            Files.setLastModifiedTime(work.resolve("run-8-alive"), before);
            Path mine;
            String jvmTemporary = System.getProperty("java.io.tmpdir");
            try (SharedLocalCluster shared = SharedLocalCluster.install(1)) {
                SharedLocalCluster.workIn(work);
                mine = shared.workDirectory().orElseThrow();
                assertThat(mine.getParent()).isEqualTo(work);
                assertThat(System.getProperty("java.io.tmpdir"))
                        .as("where the table planner unpacks itself, while the command runs")
                        .isEqualTo(mine.toString());
                assertThat(mine.getFileName().toString())
                        .startsWith("run-" + ProcessHandle.current().pid() + "-");
                assertThat(gone.getParent()).doesNotExist();
                assertThat(running).exists();
                assertThat(settingUp).exists();

                try (CloseableIterator<Long> it =
                        StreamExecutionEnvironment.getExecutionEnvironment()
                                .fromSequence(1, 3)
                                .executeAndCollect()) {
                    it.forEachRemaining(x -> {});
                }
                try (Stream<Path> files = Files.list(mine)) {
                    assertThat(files.map(p -> p.getFileName().toString()))
                            .as("Flink's own directories (blobs, io) beside the lock")
                            .contains(".running")
                            .hasSizeGreaterThan(1);
                }
            }
            assertThat(mine).doesNotExist();
            assertThat(System.getProperty("java.io.tmpdir")).isEqualTo(jvmTemporary);
            assertThat(running).exists();
        }
    }

    @Test
    void aClusterWithoutSlotsIsRefused() {
        assertThatThrownBy(() -> SharedLocalCluster.install(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parallelism must be positive, got 0");
    }
}
