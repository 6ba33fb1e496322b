package io.convergent.infra.generator;

import io.convergent.common.concurrent.DaemonThreads;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the back-dated history of a run as fast as the sink takes it: day by day, each day in the
 * order a network writes its records ({@link DayPlan}), nothing later than the clock's now. Only
 * one day is held in memory, as a compact plan; records are made a stretch at a time, the next
 * stretch being prepared while the current one is sent.
 */
public final class HistoryGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryGenerator.class);
    private static final int STRETCH = 16_384;

    private final Simulation simulation;
    private final EventSink sink;
    private final GroundTruth truth;
    private final BooleanSupplier stopRequested;

    HistoryGenerator(
            Simulation simulation,
            EventSink sink,
            GroundTruth truth,
            BooleanSupplier stopRequested) {
        this.simulation = simulation;
        this.sink = sink;
        this.truth = truth;
        this.stopRequested = stopRequested;
    }

    /**
     * Generates the history {@code config} describes into {@code sink}, recording the truth in
     * {@code truth}; flushes the sink but closes neither.
     */
    public static GenerationCounts write(
            GeneratorConfig config, EventSink sink, GroundTruth truth) {
        try (Simulation simulation = new Simulation(config)) {
            truth.describeRun(config);
            truth.describePopulation(simulation.population());
            return new HistoryGenerator(simulation, sink, truth, () -> false).run();
        }
    }

    /** Writes the configured days; returns the counts of the whole run so far. */
    GenerationCounts run() {
        // One thread hands the next stretch to the pool while this one sends the current stretch.
        ExecutorService ahead =
                Executors.newSingleThreadExecutor(DaemonThreads.named("generator-prepare"));
        try {
            return run(ahead);
        } finally {
            ahead.shutdownNow();
        }
    }

    private GenerationCounts run(ExecutorService ahead) {
        GeneratorConfig config = simulation.config();
        long now = config.clock().millis();
        EventIds ids = EventIds.history(config.seed());
        Emitter emitter = new Emitter(simulation);
        Emitter.Batch current = new Emitter.Batch(STRETCH);
        Emitter.Batch next = new Emitter.Batch(STRETCH);
        long started = System.nanoTime();
        long written = 0;
        for (int d = 0; d < config.days() && !stopRequested.getAsBoolean(); d++) {
            long epochDay = config.startDay() + d;
            if (Times.dayStart(epochDay) > now) {
                LOG.info(
                        "Stopping at {}: the rest of the history lies in the future",
                        LocalDate.ofEpochDay(epochDay));
                break;
            }
            long dayStarted = System.nanoTime();
            DayPlan plan = simulation.plan(epochDay, ids);
            long planned = System.nanoTime();
            int size = plan.size();
            emitter.prepare(plan, 0, Math.min(size, STRETCH), true, now, current);
            for (int from = 0; from < size; from += STRETCH) {
                int nextFrom = from + STRETCH;
                CompletableFuture<Void> preparing = null;
                if (nextFrom < size) {
                    Emitter.Batch target = next;
                    preparing =
                            CompletableFuture.runAsync(
                                    () ->
                                            emitter.prepare(
                                                    plan,
                                                    nextFrom,
                                                    Math.min(size, nextFrom + STRETCH),
                                                    true,
                                                    now,
                                                    target),
                                    ahead);
                }
                written += send(current);
                if (preparing != null) {
                    preparing.join();
                }
                Emitter.Batch swap = current;
                current = next;
                next = swap;
            }
            sink.flush();
            LOG.info(
                    "Day {} ({}/{}): {} records, planned in {} ms, written in {} ms",
                    LocalDate.ofEpochDay(epochDay),
                    d + 1,
                    config.days(),
                    size,
                    (planned - dayStarted) / 1_000_000,
                    (System.nanoTime() - planned) / 1_000_000);
        }
        truth.flush();
        double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
        LOG.info(
                "History written: {} records in {} s ({} records/s)",
                written,
                String.format("%.1f", seconds),
                Math.round(written / seconds));
        return truth.counts();
    }

    private long send(Emitter.Batch batch) {
        long sent = 0;
        for (int k = 0; k < batch.size; k++) {
            if (batch.events[k] != null) {
                Emitter.send(batch, k, sink, truth);
                sent++;
            }
        }
        return sent;
    }
}
