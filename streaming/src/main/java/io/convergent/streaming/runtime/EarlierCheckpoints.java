package io.convergent.streaming.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the checkpoints that a job's earlier local runs left in its checkpoint directory, once
 * the run under way has completed one of its own. Each run is a new Flink job with a directory of
 * its own ({@code <checkpoints>/<job id>}), and nothing else ever deleted an earlier one: every
 * restart of {@code up} left its predecessor's checkpoints behind, the ingest's with a day of event
 * ids in its de-duplication state.
 *
 * <p>Only for a run that resumed in {@code NO_CLAIM} mode (Flink's default): such a run makes its
 * first checkpoint a full one, which shares no file with the snapshot it resumed from, so from then
 * on the earlier runs' directories are not needed, and a later run resumes from this one's. A run
 * that claimed its snapshot ({@link LocalFlink#withStateChangelog}) goes on sharing the earlier
 * run's files: do not use this for it.
 */
public final class EarlierCheckpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EarlierCheckpoints.class);

    /** A job's own directory: its id in hex. Anything else in the directory is left alone. */
    private static final Pattern JOB_DIRECTORY = Pattern.compile("[0-9a-f]{32}");

    private final ScheduledExecutorService poller;

    private EarlierCheckpoints(ScheduledExecutorService poller) {
        this.poller = poller;
    }

    /**
     * Looks every {@code every} for a completed checkpoint of {@code current} under {@code
     * checkpoints}; at the first, deletes the earlier runs' directories and stops looking. {@link
     * #close} stops looking too.
     */
    public static EarlierCheckpoints deleteOnceSuperseded(
            Path checkpoints, JobID current, Duration every, String label) {
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(label, "label");
        ScheduledExecutorService poller =
                Executors.newSingleThreadScheduledExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "earlier-checkpoints-" + label);
                            thread.setDaemon(true);
                            return thread;
                        });
        poller.scheduleWithFixedDelay(
                () -> {
                    try {
                        List<Path> deleted = deleteIfSuperseded(checkpoints, current.toHexString());
                        if (deleted == null) {
                            return;
                        }
                        if (!deleted.isEmpty()) {
                            LOG.info(
                                    "Deleted the checkpoints of {} earlier run(s) of the {}: {}",
                                    deleted.size(),
                                    label,
                                    deleted);
                        }
                    } catch (IOException | UncheckedIOException e) {
                        LOG.warn(
                                "Could not delete the earlier checkpoints of the {} in {}: {}",
                                label,
                                checkpoints,
                                e.toString());
                    }
                    poller.shutdown();
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
        return new EarlierCheckpoints(poller);
    }

    /**
     * When the run {@code current} has a completed checkpoint under {@code checkpoints}, deletes
     * every other run's directory there, and its state changelog's ({@code changelog/<job id>});
     * returns what was deleted, or null (and deletes nothing) while {@code current} has none.
     */
    static List<Path> deleteIfSuperseded(Path checkpoints, String current) throws IOException {
        if (!hasCompletedCheckpoint(checkpoints.resolve(current))) {
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

    private static boolean hasCompletedCheckpoint(Path run) throws IOException {
        if (!Files.isDirectory(run)) {
            return false;
        }
        try (Stream<Path> children = Files.list(run)) {
            return children.anyMatch(
                    c ->
                            c.getFileName().toString().startsWith("chk-")
                                    && Files.isRegularFile(c.resolve(LocalFlink.METADATA_FILE)));
        }
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
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** Waits up to {@code wait} for the deletion (or a failed attempt); whether it came. */
    boolean awaitDone(Duration wait) throws InterruptedException {
        return poller.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        poller.shutdownNow();
        poller.awaitTermination(10, TimeUnit.SECONDS);
    }
}
