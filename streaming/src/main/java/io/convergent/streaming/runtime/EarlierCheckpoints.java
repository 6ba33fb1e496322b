package io.convergent.streaming.runtime;

import io.convergent.common.concurrent.DaemonThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the checkpoints that a job's earlier local runs left in its checkpoint directory, once
 * the run under way has completed two of its own. Each run is a new Flink job with a directory of
 * its own ({@code <checkpoints>/<job id>}), and nothing else ever deleted an earlier one: every
 * restart of {@code up} left its predecessor's checkpoints behind, the ingest's with a day of event
 * ids in its de-duplication state.
 *
 * <p>Only for a run that resumed in {@code NO_CLAIM} mode (Flink's default, {@link #appliesTo}):
 * such a run makes its first checkpoint a full one, which shares no file with the snapshot it
 * resumed from, so from then on the earlier runs' directories are not needed, and a later run
 * resumes from this one's. A run that claimed its snapshot ({@link LocalFlink#withStateChangelog})
 * goes on sharing the earlier run's files, and one in the legacy mode may too.
 *
 * <p>The earlier runs go once this run has two completed checkpoints, not one: Flink writes a
 * checkpoint's {@code _metadata} before it adds the checkpoint to its store, and drops the
 * checkpoint if that fails; the second is only taken once the first is in. A deletion deletes each
 * checkpoint's {@code _metadata} first, so one cut short never leaves a checkpoint that looks
 * complete without its files.
 */
public final class EarlierCheckpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EarlierCheckpoints.class);

    /** A job's own directory: its id in hex. Anything else in the directory is left alone. */
    private static final Pattern JOB_DIRECTORY = Pattern.compile("[0-9a-f]{32}");

    private final ScheduledExecutorService poller;
    private final CountDownLatch deleted = new CountDownLatch(1);

    /** Attempts that failed; only the poller's thread touches it. */
    private int failedAttempts;

    private EarlierCheckpoints(ScheduledExecutorService poller) {
        this.poller = poller;
    }

    /** Whether a run configured by {@code config} may delete its earlier runs' checkpoints. */
    public static boolean appliesTo(Configuration config) {
        return config.get(StateRecoveryOptions.RESTORE_MODE) == RecoveryClaimMode.NO_CLAIM;
    }

    /**
     * Looks every {@code every} for the completed checkpoints of {@code current} under {@code
     * checkpoints}; once there are two, deletes the earlier runs' directories and stops looking (a
     * deletion that fails is tried again at the next look). {@link #close} stops looking too.
     */
    public static EarlierCheckpoints deleteOnceSuperseded(
            Path checkpoints, JobID current, Duration every, String label) {
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(label, "label");
        if (every.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "the interval between looks for earlier checkpoints must be at least 1 ms, got "
                            + every);
        }
        ScheduledExecutorService poller =
                Executors.newSingleThreadScheduledExecutor(
                        DaemonThreads.named("earlier-checkpoints-" + label));
        EarlierCheckpoints earlier = new EarlierCheckpoints(poller);
        poller.scheduleWithFixedDelay(
                () -> earlier.lookAndDelete(checkpoints, current.toHexString(), label),
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
        return earlier;
    }

    private void lookAndDelete(Path checkpoints, String current, String label) {
        try {
            List<Path> runs = deleteIfSuperseded(checkpoints, current);
            if (runs == null) {
                return;
            }
            if (!runs.isEmpty()) {
                LOG.info(
                        "Deleted the checkpoints of {} earlier run(s) of the {}: {}",
                        runs.size(),
                        label,
                        runs);
            }
            deleted.countDown();
            poller.shutdown();
        } catch (IOException | UncheckedIOException e) {
            // Said once; tried again at every look.
            if (failedAttempts++ == 0) {
                LOG.warn(
                        "Could not delete the earlier checkpoints of the {} in {}"
                                + " (trying again): {}",
                        label,
                        checkpoints,
                        e.toString());
            }
        }
    }

    /**
     * When the run {@code current} has two completed checkpoints under {@code checkpoints}, deletes
     * every other run's directory there, and its state changelog's ({@code changelog/<job id>});
     * returns what was deleted, or null (and deletes nothing) while {@code current} has fewer.
     */
    static List<Path> deleteIfSuperseded(Path checkpoints, String current) throws IOException {
        if (completedCheckpoints(checkpoints.resolve(current)) < 2) {
            return null;
        }
        List<Path> deleted = new ArrayList<>();
        for (Path parent :
                List.of(checkpoints, checkpoints.resolve(LocalFlink.CHANGELOG_DIRECTORY))) {
            for (Path run : earlierRuns(parent, current)) {
                deleteRecursively(run);
                deleted.add(run);
            }
        }
        return deleted;
    }

    private static long completedCheckpoints(Path run) {
        return checkpointMetadata(run).size();
    }

    /** The {@code _metadata} file of each completed checkpoint in a run's directory. */
    private static List<Path> checkpointMetadata(Path run) {
        if (!Files.isDirectory(run)) {
            return List.of();
        }
        return LocalFlink.completedCheckpoints(run)
                .map(c -> c.resolve(LocalFlink.METADATA_FILE))
                .toList();
    }

    private static List<Path> earlierRuns(Path parent, String current) throws IOException {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(Files::isDirectory)
                    .filter(c -> JOB_DIRECTORY.matcher(c.getFileName().toString()).matches())
                    .filter(c -> !c.getFileName().toString().equals(current))
                    .sorted()
                    .toList();
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        for (Path metadata : checkpointMetadata(directory)) {
            Files.deleteIfExists(metadata);
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Waits up to {@code wait} for the earlier runs to be deleted; whether they were. */
    boolean awaitDeleted(Duration wait) throws InterruptedException {
        return deleted.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        poller.shutdownNow();
        poller.awaitTermination(10, TimeUnit.SECONDS);
    }
}
