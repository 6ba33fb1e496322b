package io.convergent.streaming.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        long turnedOff = runUntilTwoCheckpoints(false);

        assertThat(fresh).isZero();
        // Each run counted on from what the one before it had checkpointed.
        assertThat(upgraded).isPositive();
        assertThat(again).isGreaterThan(upgraded);
        assertThat(turnedOff).isGreaterThan(again);
        // The log's directory beside the jobs' is never taken for one to resume from.
        assertThat(checkpoints.resolve(LocalFlink.CHANGELOG_DIRECTORY)).isNotEmptyDirectory();
        assertThat(LocalFlink.latestCheckpoint(checkpoints).orElseThrow().toString())
                .doesNotContain(LocalFlink.CHANGELOG_DIRECTORY);
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
     * fails the run.
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
            Path own = checkpoints.resolve(job.jobId().toHexString());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long atFirstRecord = -1;
            while (atFirstRecord < 0 || newestCheckpoint(own) < atFirstRecord + 2) {
                assertThat(job.termination()).as("the job is still running").isNotDone();
                assertThat(System.nanoTime())
                        .as("two checkpoints within 60 s")
                        .isLessThan(deadline);
                if (atFirstRecord < 0 && COUNT_AT_START.get() >= 0) {
                    atFirstRecord = newestCheckpoint(own);
                }
                Thread.sleep(50);
            }
        }
        return COUNT_AT_START.get();
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
