package io.convergent.streaming.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Configuration of in-process jobs, and the search for the checkpoint a previous run left. */
class LocalFlinkTest {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir Path checkpoints;

    @Test
    void findsNoCheckpointInAMissingOrEmptyDirectory() {
        assertThat(LocalFlink.latestCheckpoint(checkpoints.resolve("absent"))).isEmpty();
        assertThat(LocalFlink.latestCheckpoint(checkpoints)).isEmpty();
    }

    @Test
    void ignoresCheckpointsWithoutMetadata() throws IOException {
        Path job = Files.createDirectories(checkpoints.resolve("a1b2c3"));
        // A checkpoint still being written, or one whose write was cut short.
        Files.createDirectories(job.resolve("chk-7"));
        Files.createFile(job.resolve("chk-7").resolve("some-state-file"));
        Files.createDirectories(job.resolve("shared"));
        Files.createDirectories(job.resolve("taskowned"));

        assertThat(LocalFlink.latestCheckpoint(checkpoints)).isEmpty();
    }

    @Test
    void ignoresDirectoriesThatAreNotCheckpoints() throws IOException {
        Path job = Files.createDirectories(checkpoints.resolve("a1b2c3"));
        metadata(job.resolve("savepoint-1"), NOW);
        Files.createFile(checkpoints.resolve("stray-file"));

        assertThat(LocalFlink.latestCheckpoint(checkpoints)).isEmpty();
    }

    @Test
    void picksTheNewestCompleteCheckpointAcrossRuns() throws IOException {
        Path firstRun = checkpoints.resolve("0000aaaa");
        Path secondRun = checkpoints.resolve("ffff0000");
        metadata(firstRun.resolve("chk-41"), NOW.minusSeconds(120));
        metadata(firstRun.resolve("chk-42"), NOW.minusSeconds(60));
        // The newer run restarted numbering: its chk-3 is newer than the first run's chk-42.
        metadata(secondRun.resolve("chk-2"), NOW.minusSeconds(10));
        metadata(secondRun.resolve("chk-3"), NOW);
        // Newest of all, but incomplete.
        Files.createDirectories(secondRun.resolve("chk-4"));

        assertThat(LocalFlink.latestCheckpoint(checkpoints)).contains(secondRun.resolve("chk-3"));
    }

    @Test
    void comparesCheckpointsByTheTimeOfTheirMetadata() throws IOException {
        Path older = checkpoints.resolve("ffff0000").resolve("chk-9");
        Path newer = checkpoints.resolve("0000aaaa").resolve("chk-1");
        metadata(newer, NOW);
        metadata(older, NOW.minusSeconds(3600));
        // The directories' own times say the opposite.
        Files.setLastModifiedTime(older, FileTime.from(NOW.plusSeconds(60)));
        Files.setLastModifiedTime(newer, FileTime.from(NOW.minusSeconds(7200)));

        assertThat(LocalFlink.latestCheckpoint(checkpoints)).contains(newer);
    }

    @Test
    void configuresRocksDbCheckpointsRetainedOnCancellation() {
        Configuration config = LocalFlink.configuration(checkpoints, Duration.ofSeconds(10), 3);

        assertThat(config.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(config.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(Path.of(URI.create(config.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))))
                .isEqualTo(checkpoints.toAbsolutePath());
        assertThat(config.get(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(config.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(config.get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("exponential-delay");
        assertThat(config.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(3);
        assertThat(
                        config.get(
                                RestartStrategyOptions
                                        .RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD))
                .isEqualTo(LocalFlink.STABLE_RUN);
    }

    @Test
    void putsTemporaryFilesInAnEmptiedWorkDirectory(@TempDir Path data) throws IOException {
        Path work = data.resolve("work/ingest");
        Path leftOver = Files.createDirectories(work.resolve("tm_0/tmp/job_x/db"));
        Files.writeString(leftOver.resolve("000001.sst"), "a killed run's state");
        Path sibling = Files.createDirectories(data.resolve("work/immunity/tm_0"));

        Configuration config =
                LocalFlink.useWorkDirectory(
                        LocalFlink.configuration(checkpoints, Duration.ofSeconds(10), 3), work);

        assertThat(config.get(CoreOptions.TMP_DIRS)).isEqualTo(work.toString());
        assertThat(work).isEmptyDirectory();
        assertThat(sibling).isDirectory();
    }

    @Test
    void createsAMissingWorkDirectory(@TempDir Path data) {
        Path work = data.resolve("work/campaigns");

        LocalFlink.useWorkDirectory(new Configuration(), work);

        assertThat(work).isEmptyDirectory();
    }

    @Test
    void aJobRestartsAfterAFailureAndFinishes() throws Exception {
        Configuration config = LocalFlink.configuration(checkpoints, Duration.ofSeconds(10), 3);

        try (LocalJob job =
                LocalJob.start(
                        "fails-on-its-first-attempt",
                        config,
                        1,
                        env ->
                                env.fromData(1, 2, 3)
                                        .map(new FailsOnFirstAttempt())
                                        .sinkTo(new DiscardingSink<>()))) {
            assertThat(job.termination().get(60, TimeUnit.SECONDS))
                    .isEqualTo(org.apache.flink.api.common.JobStatus.FINISHED);
        }
    }

    /** Throws on the first attempt of its task only. */
    private static final class FailsOnFirstAttempt
            extends org.apache.flink.api.common.functions.RichMapFunction<Integer, Integer> {
        @Override
        public Integer map(Integer n) {
            if (getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
                throw new IllegalStateException("first attempt");
            }
            return n;
        }
    }

    @Test
    void noRestartAttemptsMeansTheFirstFailureFailsTheJob() throws Exception {
        Configuration config = LocalFlink.configuration(checkpoints, Duration.ofSeconds(10), 0);

        assertThat(config.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("disable");
        try (LocalJob job =
                LocalJob.start(
                        "fails-once",
                        config,
                        1,
                        env ->
                                env.fromData(1, 2, 3)
                                        .map(
                                                n -> {
                                                    if (n == 2) {
                                                        throw new IllegalStateException("boom");
                                                    }
                                                    return n;
                                                })
                                        .sinkTo(new DiscardingSink<>()))) {
            assertThatThrownBy(() -> job.termination().get(60, TimeUnit.SECONDS))
                    .hasStackTraceContaining("boom");
        }
    }

    @Test
    void startsFreshWhenThereIsNoCheckpoint() {
        Configuration config = LocalFlink.configuration(checkpoints, Duration.ofSeconds(10), 3);

        assertThat(config.getOptional(StateRecoveryOptions.SAVEPOINT_PATH)).isEmpty();
        assertThat(config.contains(StateRecoveryOptions.SAVEPOINT_PATH)).isFalse();
    }

    @Test
    void resumesFromTheNewestCheckpoint() throws IOException {
        metadata(checkpoints.resolve("0000aaaa").resolve("chk-5"), NOW.minusSeconds(60));
        Path newest = checkpoints.resolve("0000aaaa").resolve("chk-6");
        metadata(newest, NOW);

        Configuration config = LocalFlink.configuration(checkpoints, Duration.ofSeconds(10), 3);

        assertThat(Path.of(URI.create(config.get(StateRecoveryOptions.SAVEPOINT_PATH))))
                .isEqualTo(newest.toAbsolutePath());
    }

    @Test
    void refusesAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> LocalFlink.configuration(checkpoints, Duration.ZERO, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoint interval must be positive, got PT0S");
        assertThatThrownBy(() -> LocalFlink.configuration(checkpoints, Duration.ofSeconds(-1), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoint interval must be positive, got PT-1S");
    }

    @Test
    void refusesNegativeRestartAttempts() {
        assertThatThrownBy(() -> LocalFlink.configuration(checkpoints, Duration.ofSeconds(1), -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("restart attempts must not be negative, got -1");
    }

    private static void metadata(Path checkpoint, Instant modified) throws IOException {
        Files.createDirectories(checkpoint);
        Path metadata = Files.createFile(checkpoint.resolve(LocalFlink.METADATA_FILE));
        Files.setLastModifiedTime(metadata, FileTime.from(modified));
    }
}
