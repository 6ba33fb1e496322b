package io.convergent.streaming.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job run with the state changelog ({@link LocalFlink#withStateChangelog}) keeps its keyed state
 * across runs, whether the checkpoint it resumes from was taken with the changelog or before it was
 * turned on, and checkpoints again once resumed: Flink fails that first checkpoint when a changelog
 * job resumes without claiming its checkpoint.
 */
class StateChangelogRestoreTest {

    /** The count the job's one key had at the first record of a run: 0 for a fresh state. */
    private static final AtomicLong COUNT_AT_START = new AtomicLong();

    @TempDir Path checkpoints;

    @Test
    void keyedStateCarriesOverIntoAndWithinTheChangelog() throws Exception {
        long fresh = runUntilTwoCheckpoints(false);
        long upgraded = runUntilTwoCheckpoints(true);
        long again = runUntilTwoCheckpoints(true);
        // The log's directory beside the jobs' is never taken for one to resume from.
        assertThat(checkpoints.resolve(LocalFlink.CHANGELOG_DIRECTORY)).isNotEmptyDirectory();
        assertThat(LocalFlink.latestCheckpoint(checkpoints).orElseThrow().toString())
                .doesNotContain(LocalFlink.CHANGELOG_DIRECTORY);
        long turnedOff = runUntilTwoCheckpoints(false);
        // Turned off, the run did not claim its checkpoint: the earlier runs went.
        assertThat(jobDirectories(checkpoints)).hasSize(1);

        assertThat(fresh).isZero();
        // Each run counted on from what the one before it had checkpointed.
        assertThat(upgraded).isPositive();
        assertThat(again).isGreaterThan(upgraded);
        assertThat(turnedOff).isGreaterThan(again);
    }

    @Test
    void aRunThatDidNotClaimItsCheckpointDeletesTheEarlierRunsOnceItHasOneOfItsOwn()
            throws Exception {
        runUntilTwoCheckpoints(false);
        runUntilTwoCheckpoints(true);
        assertThat(jobDirectories(checkpoints)).hasSize(2);

        long third = runUntilTwoCheckpoints(false);
        assertThat(awaitJobDirectories(checkpoints, 1)).hasSize(1);
        // The changelog the second run wrote went with it.
        assertThat(jobDirectories(checkpoints.resolve(LocalFlink.CHANGELOG_DIRECTORY))).isEmpty();

        // What was deleted was not needed: the next run counts on from the third's checkpoint.
        long fourth = runUntilTwoCheckpoints(false);
        assertThat(fourth).isGreaterThan(third);
        assertThat(awaitJobDirectories(checkpoints, 1)).hasSize(1);
    }

    @Test
    void aRunStillWithoutTwoCheckpointsOfItsOwnDeletesNothing() throws Exception {
        String earlier = "0123456789abcdef0123456789abcdef";
        Files.createDirectories(checkpoints.resolve(earlier).resolve("chk-7"));
        Files.writeString(
                checkpoints.resolve(earlier).resolve("chk-7").resolve(LocalFlink.METADATA_FILE),
                "");
        String current = "fedcba9876543210fedcba9876543210";
        Files.createDirectories(checkpoints.resolve(current).resolve("chk-1"));
        Files.writeString(
                checkpoints.resolve(current).resolve("chk-1").resolve(LocalFlink.METADATA_FILE),
                "");
        // A checkpoint under way: its directory, no metadata yet.
        Files.createDirectories(checkpoints.resolve(current).resolve("chk-2"));
        Files.createDirectories(checkpoints.resolve("not-a-run"));

        // One completed checkpoint is not enough: Flink may still drop it.
        assertThat(EarlierCheckpoints.deleteIfSuperseded(checkpoints, current)).isNull();
        assertThat(checkpoints.resolve(earlier)).isDirectory();

        Files.writeString(
                checkpoints.resolve(current).resolve("chk-2").resolve(LocalFlink.METADATA_FILE),
                "");
        assertThat(EarlierCheckpoints.deleteIfSuperseded(checkpoints, current))
                .containsExactly(checkpoints.resolve(earlier));
        assertThat(checkpoints.resolve(earlier)).doesNotExist();
        assertThat(checkpoints.resolve("not-a-run")).isDirectory();
    }

    @Test
    void onlyARunThatResumesWithoutClaimingDeletesTheEarlierRuns() {
        Configuration config = LocalFlink.configuration(checkpoints, Duration.ofSeconds(10), 0);
        assertThat(EarlierCheckpoints.appliesTo(config)).isTrue();
        assertThat(EarlierCheckpoints.appliesTo(LocalFlink.withStateChangelog(config, checkpoints)))
                .isFalse();
        config.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.LEGACY);
        assertThat(EarlierCheckpoints.appliesTo(config)).isFalse();
    }

    @Test
    void theLogIsKeptBesideTheCheckpointsAndARunClaimsTheCheckpointItResumesFrom() {
        Configuration config =
                LocalFlink.withStateChangelog(
                        LocalFlink.configuration(checkpoints, Duration.ofSeconds(10), 0),
                        checkpoints);

        assertThat(config.get(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG)).isTrue();
        assertThat(config.getString("state.changelog.dstl.dfs.base-path", null))
                .isEqualTo(checkpoints.resolve(LocalFlink.CHANGELOG_DIRECTORY).toUri().toString());
        assertThat(config.get(StateRecoveryOptions.RESTORE_MODE))
                .isEqualTo(RecoveryClaimMode.CLAIM);
    }

    /**
     * Runs the counting job, resuming from the newest checkpoint there is, until it has completed
     * two checkpoints after its first record, and cancels it. No restarts: a failed checkpoint
     * fails the run. Without the changelog, the earlier runs' checkpoints are deleted once the run
     * has one of its own ({@link EarlierCheckpoints}), as {@code up} does.
     *
     * @return the count its key had at the run's first record
     */
    private long runUntilTwoCheckpoints(boolean changelog) throws Exception {
        COUNT_AT_START.set(-1);
        Configuration config = LocalFlink.configuration(checkpoints, Duration.ofMillis(300), 0);
        if (changelog) {
            LocalFlink.withStateChangelog(config, checkpoints);
        }
        try (LocalJob job =
                LocalJob.start(
                        "counts-one-key",
                        config,
                        1,
                        env ->
                                env.fromSequence(0, Long.MAX_VALUE)
                                        .map(StateChangelogRestoreTest::slowly)
                                        .keyBy(n -> 0)
                                        .process(new Counts())
                                        .sinkTo(new DiscardingSink<>()))) {
            // As up does.
            EarlierCheckpoints earlier =
                    EarlierCheckpoints.appliesTo(config)
                            ? EarlierCheckpoints.deleteOnceSuperseded(
                                    checkpoints, job.jobId(), Duration.ofMillis(100), "test job")
                            : null;
            try {
                awaitTwoCheckpointsAfterTheFirstRecord(job, earlier);
            } finally {
                if (earlier != null) {
                    earlier.close();
                }
            }
        }
        return COUNT_AT_START.get();
    }

    /**
     * Waits until {@code job} has completed two checkpoints after its first record, and, when it
     * deletes its earlier runs' checkpoints, until it has.
     */
    private void awaitTwoCheckpointsAfterTheFirstRecord(LocalJob job, EarlierCheckpoints earlier)
            throws Exception {
        Path own = checkpoints.resolve(job.jobId().toHexString());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long atFirstRecord = -1;
        while (atFirstRecord < 0 || newestCheckpoint(own) < atFirstRecord + 2) {
            assertThat(job.termination()).as("the job is still running").isNotDone();
            assertThat(System.nanoTime()).as("two checkpoints within 60 s").isLessThan(deadline);
            if (atFirstRecord < 0 && COUNT_AT_START.get() >= 0) {
                atFirstRecord = newestCheckpoint(own);
            }
            Thread.sleep(50);
        }
        if (earlier != null) {
            // Its look after this run's second checkpoint deleted what was before it.
            assertThat(earlier.awaitDeleted(Duration.ofSeconds(10))).isTrue();
        }
    }

    /** The runs' directories (named by job id) in {@code directory}. */
    private static List<Path> jobDirectories(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.filter(p -> p.getFileName().toString().matches("[0-9a-f]{32}"))
                    .toList();
        }
    }

    private static List<Path> awaitJobDirectories(Path directory, int expected)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Path> runs = jobDirectories(directory);
        while (runs.size() != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            runs = jobDirectories(directory);
        }
        return runs;
    }

    /** The number of the newest completed checkpoint in a job's directory; 0 for none. */
    private static long newestCheckpoint(Path jobDirectory) throws IOException {
        if (!Files.isDirectory(jobDirectory)) {
            return 0;
        }
        try (Stream<Path> children = Files.list(jobDirectory)) {
            return children.filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.isRegularFile(p.resolve(LocalFlink.METADATA_FILE)))
                    .mapToLong(p -> Long.parseLong(p.getFileName().toString().substring(4)))
                    .max()
                    .orElse(0);
        }
    }

    /** A record a millisecond: a few hundred between checkpoints, not millions. */
    private static long slowly(long n) throws InterruptedException {
        Thread.sleep(1);
        return n;
    }

    /** Counts every record under the one key, in RocksDB through the changelog when it is on. */
    private static final class Counts extends KeyedProcessFunction<Integer, Long, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(Long n, Context context, Collector<Long> out)
                throws IOException {
            long before = count.value() == null ? 0 : count.value();
            COUNT_AT_START.compareAndSet(-1, before);
            count.update(before + 1);
            out.collect(before + 1);
        }
    }
}
