package io.convergent.infra.launcher;

import io.convergent.common.concurrent.DaemonThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Free space on the data directory's file system, which the broker's logs, the warehouse and the
 * jobs' checkpoints all fill. A full disk does not stop {@code up} cleanly: the broker answers
 * {@code KAFKA_STORAGE_ERROR} and takes its log directory offline, and a backlog of a few days'
 * events takes several GB. So {@code up} refuses to start with less than {@link #MIN_FREE_BYTES},
 * warns each time free space falls below it while running, and stops the platform, with its
 * checkpoints intact, below {@link #STOP_BELOW_BYTES}.
 */
final class DiskSpace implements AutoCloseable {

    /** Less than this free refuses a start, and warns while running. */
    static final long MIN_FREE_BYTES = 1L << 30;

    /** Less than this free while running stops the platform before the broker fails. */
    static final long STOP_BELOW_BYTES = 256L << 20;

    private static final long CHECK_EVERY_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(DiskSpace.class);

    private final Path dataDir;
    private final LongSupplier freeBytes;
    private final CompletableFuture<String> exhausted = new CompletableFuture<>();
    private boolean low;
    private ScheduledExecutorService scheduler;

    DiskSpace(Path dataDir, LongSupplier freeBytes) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.freeBytes = Objects.requireNonNull(freeBytes, "freeBytes");
    }

    /** The usable space of the file system {@code dataDir} is on, as the JVM may use it. */
    static DiskSpace of(Path dataDir) {
        return new DiskSpace(
                dataDir,
                () -> {
                    try {
                        return Files.getFileStore(dataDir).getUsableSpace();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    /**
     * @throws IllegalStateException naming the directory and both figures, if less than {@link
     *     #MIN_FREE_BYTES} is free, or naming the directory and the cause if it cannot be read
     */
    void requireEnoughToStart() {
        long free;
        try {
            free = freeBytes.getAsLong();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read the free space of " + dataDir + ": " + e.getMessage(), e);
        }
        if (free < MIN_FREE_BYTES) {
            throw new IllegalStateException(
                    String.format(
                            "only %s free on the file system of %s; up needs at least %s (the"
                                    + " broker, the warehouse and the checkpoints write there):"
                                    + " free some space or choose another --data-dir",
                            mib(free), dataDir, mib(MIN_FREE_BYTES)));
        }
    }

    /** Checks now and every few seconds until closed; see {@link #exhausted()}. */
    DiskSpace watch() {
        scheduler = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("disk-space"));
        scheduler.scheduleWithFixedDelay(this::checkOnce, 0, CHECK_EVERY_SECONDS, TimeUnit.SECONDS);
        return this;
    }

    /** Completes with a reason once free space falls below {@link #STOP_BELOW_BYTES}. */
    CompletableFuture<String> exhausted() {
        return exhausted;
    }

    /** One check: a warning on falling below the minimum, the stop below the floor. */
    void checkOnce() {
        long free;
        try {
            free = freeBytes.getAsLong();
        } catch (RuntimeException e) {
            LOG.warn("Could not read the free space of {}: {}", dataDir, e.getMessage());
            return;
        }
        if (free < STOP_BELOW_BYTES) {
            exhausted.complete(
                    String.format(
                            "only %s free on the file system of %s (below %s): stopping before"
                                    + " the broker fails to write; free at least %s and run up"
                                    + " again, it resumes from its checkpoints",
                            mib(free), dataDir, mib(STOP_BELOW_BYTES), mib(MIN_FREE_BYTES)));
        } else if (free < MIN_FREE_BYTES) {
            // Once per dip: the warning re-arms only after free space is back above the minimum.
            if (!low) {
                LOG.warn(
                        "Disk space low: {} free on the file system of {}; up stops below {}",
                        mib(free),
                        dataDir,
                        mib(STOP_BELOW_BYTES));
            }
            low = true;
        } else {
            low = false;
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Whole MiB, rounded down: never more than there is. */
    static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
