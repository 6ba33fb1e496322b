package io.convergent.infra.launcher;

import io.convergent.common.concurrent.DaemonThreads;
import io.convergent.common.config.Durations;
import io.convergent.infra.batch.BatchCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Digital Immunity statistics fresh under {@code up}: every {@link #interval} it reruns
 * the batch statistics for yesterday and today (UTC), so late decisions of yesterday are counted
 * too. A failed run is logged and retried at the next tick; it never stops the platform.
 */
final class PeriodicStatistics implements AutoCloseable {

    /**
     * System property for the interval ({@code 10 min}, {@code PT10M}); {@code 0 s} turns it off.
     */
    static final String INTERVAL_PROPERTY = "convergent.up.statistics-every";

    static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicStatistics.class);

    private final ScheduledExecutorService scheduler;

    private PeriodicStatistics(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Starts the schedule; the first run comes one interval from now. */
    static PeriodicStatistics start(
            Map<String, String> catalogProperties, Duration interval, Clock clock) {
        Objects.requireNonNull(catalogProperties, "catalogProperties");
        ScheduledExecutorService scheduler =
                Executors.newSingleThreadScheduledExecutor(
                        DaemonThreads.named("immunity-statistics"));
        if (interval.isZero() || interval.isNegative()) {
            LOG.info("Immunity statistics off ({}={})", INTERVAL_PROPERTY, interval);
        } else {
            scheduler.scheduleWithFixedDelay(
                    () -> runOnce(catalogProperties, clock),
                    interval.toMillis(),
                    interval.toMillis(),
                    TimeUnit.MILLISECONDS);
            LOG.info("Immunity statistics recomputed every {}", interval);
        }
        return new PeriodicStatistics(scheduler);
    }

    /** The interval the system property asks for, or the default. */
    static Duration configuredInterval() {
        String value = System.getProperty(INTERVAL_PROPERTY);
        return value == null ? DEFAULT_INTERVAL : Durations.parse(INTERVAL_PROPERTY, value);
    }

    private static void runOnce(Map<String, String> catalogProperties, Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        try {
            BatchCommand.runDays(
                    catalogProperties,
                    today.minusDays(1),
                    today,
                    EnumSet.of(BatchCommand.Step.IMMUNITY_STATISTICS),
                    List.of(),
                    LOG::info);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Immunity statistics failed; the next run retries", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(30, TimeUnit.SECONDS);
    }
}
