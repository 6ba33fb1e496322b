package io.convergent.streaming.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.changelog.fs.FsStateChangelogOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;

/**
 * Flink configuration for a job that runs in-process (a MiniCluster), as {@code up} and the tests
 * run them: RocksDB state on disk, checkpoints under the data dir that are kept when the job is
 * cancelled or dies, a bounded restart strategy (so a broken job fails instead of restarting
 * forever), and resumption from the newest checkpoint a previous run left.
 */
public final class LocalFlink {

    static final String METADATA_FILE = "_metadata";

    /** Where, under a job's checkpoint directory, {@link #withStateChangelog} keeps the log. */
    static final String CHANGELOG_DIRECTORY = "changelog";

    /**
     * How often a job with the state changelog takes RocksDB's own snapshot (Flink's default): the
     * one checkpoint-time flush left, and what bounds the log a restore replays.
     */
    public static final Duration MATERIALIZATION_INTERVAL = Duration.ofMinutes(10);

    /** How long a job must run without failing for its restart attempts to count from zero. */
    public static final Duration STABLE_RUN = Duration.ofMinutes(10);

    private LocalFlink() {}

    /**
     * @param checkpoints the job's own checkpoint directory ({@code <data>/checkpoints/<job>})
     * @param interval the checkpoint interval, which is also how often Iceberg commits
     * @param restartAttempts restarts allowed in a row before the job fails; the count starts again
     *     once the job has run {@link #STABLE_RUN} without failing
     */
    public static Configuration configuration(
            Path checkpoints, Duration interval, int restartAttempts) {
        Objects.requireNonNull(checkpoints, "checkpoints");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(
                    "checkpoint interval must be positive, got " + interval);
        }
        if (restartAttempts < 0) {
            throw new IllegalArgumentException(
                    "restart attempts must not be negative, got " + restartAttempts);
        }
        Configuration config = new Configuration();
        config.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        config.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        // A state lookup that misses is answered by a bloom filter without reading SST blocks,
        // which otherwise cost ~10 us a lookup (measured on the ingest's dedup, which now sets
        // this and more itself: RocksDBLookups).
        config.setString("state.backend.rocksdb.use-bloom-filter", "true");
        config.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                checkpoints.toAbsolutePath().normalize().toUri().toString());
        config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        config.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        config.setString("execution.checkpointing.num-retained", "2");
        // Not fixed-delay: its attempts count over the job's whole life, so a long-running job
        // would die of its tenth rare failure in weeks (Iceberg 1.11's maintenance coordinators
        // race at start and fail a task now and then: ARCHITECTURE.md). A broken job still fails
        // after its attempts in a row (ten: about three minutes of backoff).
        if (restartAttempts == 0) {
            // Exponential delay takes at least one attempt: none at all fails at the first failure.
            config.set(RestartStrategyOptions.RESTART_STRATEGY, "disable");
        } else {
            restartWithExponentialDelay(config, restartAttempts);
        }
        latestCheckpoint(checkpoints)
                .ifPresent(
                        checkpoint ->
                                config.set(
                                        StateRecoveryOptions.SAVEPOINT_PATH,
                                        checkpoint.toUri().toString()));
        return config;
    }

    /**
     * Turns on Flink's state changelog, for a job whose latency counts (the immunity job). Without
     * it, at every checkpoint each RocksDB instance flushes its memtables inside the operator's
     * task while the records behind it wait, and all of the job's instances share one flush thread:
     * at 4,000 calls/s on M1 those synchronous parts took 45-730 ms and made the decisions' p99.
     * With it, each state change is also appended to a log under {@code <checkpoints>/changelog}, a
     * checkpoint persists the log's tail (1-50 ms in the task), and RocksDB's own snapshot is taken
     * every {@link #MATERIALIZATION_INTERVAL} only, after which the log before it is dropped
     * (docs/BENCHMARKS.md, session 36).
     *
     * <p>A run then resumes by claiming the checkpoint it resumes from ({@code CLAIM}: its files
     * belong to the new run, whose checkpoints go on sharing them), since a changelog job resumed
     * without claiming fails its first checkpoint. It resumes as well from a checkpoint taken
     * before the changelog was turned on. An older run's job directory must then stay as long as
     * the newest checkpoints: {@link EarlierCheckpoints} is not for such a run.
     *
     * <p>Flink 2.1's changelog storage leaves non-daemon threads ({@code
     * ChangelogBlockingExecutor}) behind when its cluster closes: a process that runs such a job
     * ends with {@code System.exit}, not by returning from {@code main}.
     *
     * @param checkpoints the job's checkpoint directory, as given to {@link #configuration}
     * @return {@code config}, for chaining
     */
    public static Configuration withStateChangelog(Configuration config, Path checkpoints) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(checkpoints, "checkpoints");
        config.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, true);
        config.set(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE, "filesystem");
        config.set(
                FsStateChangelogOptions.BASE_PATH,
                checkpoints
                        .resolve(CHANGELOG_DIRECTORY)
                        .toAbsolutePath()
                        .normalize()
                        .toUri()
                        .toString());
        config.set(
                StateChangelogOptions.PERIODIC_MATERIALIZATION_INTERVAL, MATERIALIZATION_INTERVAL);
        config.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
        return config;
    }

    private static void restartWithExponentialDelay(Configuration config, int restartAttempts) {
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        config.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS,
                restartAttempts);
        config.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                Duration.ofSeconds(2));
        config.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                Duration.ofSeconds(30));
        config.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
                STABLE_RUN);
    }

    /**
     * Puts the job's temporary files under {@code workDirectory} instead of the JVM's temporary
     * directory: RocksDB's live state (which grows with the day's keys), Flink's blobs and any
     * spilled data. They then share the data directory's file system, the one {@code up} watches
     * for free space, and stay off a {@code /tmp} that is often RAM (a tmpfs). What an earlier run
     * left there (it was killed before it could clean up) is deleted first: nothing in it outlives
     * the job that wrote it, since a restart restores from the retained checkpoint.
     *
     * @return {@code config}, for chaining
     */
    public static Configuration useWorkDirectory(Configuration config, Path workDirectory) {
        Objects.requireNonNull(config, "config");
        Path work = workDirectory.toAbsolutePath().normalize();
        try {
            deleteContents(work);
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the work directory " + work, e);
        }
        config.set(CoreOptions.TMP_DIRS, work.toString());
        return config;
    }

    private static void deleteContents(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> walk = Files.walk(directory)) {
            deepestFirst =
                    walk.filter(p -> !p.equals(directory))
                            .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
                            .toList();
        }
        for (Path path : deepestFirst) {
            Files.deleteIfExists(path);
        }
    }

    /**
     * The newest complete checkpoint under {@code checkpoints} ({@code <job id>/chk-<n>} with its
     * {@code _metadata}), from any earlier run of the job; empty when there is none.
     */
    public static Optional<Path> latestCheckpoint(Path checkpoints) {
        if (!Files.isDirectory(checkpoints)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(checkpoints)) {
            return jobs.filter(Files::isDirectory)
                    .flatMap(LocalFlink::completedCheckpoints)
                    .max(Comparator.comparing(LocalFlink::modified));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + checkpoints, e);
        }
    }

    /** The completed checkpoints ({@code chk-<n>} with its {@code _metadata}) of one run. */
    static Stream<Path> completedCheckpoints(Path jobDirectory) {
        try (Stream<Path> children = Files.list(jobDirectory)) {
            return children
                    .filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.isRegularFile(p.resolve(METADATA_FILE)))
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + jobDirectory, e);
        }
    }

    private static long modified(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve(METADATA_FILE)).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }
}
