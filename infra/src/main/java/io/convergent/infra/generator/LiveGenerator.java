package io.convergent.infra.generator;

import io.convergent.common.event.InputEvent;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams events in real time at about the configured rate, on a background thread, until closed.
 * Every record is stamped with the wall clock: its latest time (a call's end, a session's close) is
 * the moment it is written, so no record is ever in the future, and durations are kept — a
 * 30-minute call arrives 30 minutes after its setup time, as a switch would write it.
 *
 * <p>The events come from the same simulated days as the history, played back in order at the
 * configured rate rather than the population's natural one: a virtual day passes in as many seconds
 * as the day has events divided by the rate. Gaps between events shrink; the order and the
 * scenarios' sequences (SIM swap, then new-device login, then transfer) are kept. Event ids carry
 * the start time of the run, so a restarted generator never repeats one.
 *
 * <p>The generator owns the sink and the ground truth it is given and closes them when it stops.
 */
public final class LiveGenerator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveGenerator.class);
    private static final int STRETCH = 4_096;
    private static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MAX_BACKLOG_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Simulation simulation;
    private final EventSink sink;
    private final GroundTruth truth;
    private final long firstDay;
    private final Thread thread;
    private final AtomicLong emitted = new AtomicLong();
    private volatile boolean running = true;
    private volatile Throwable failure;
    private boolean closed;

    private LiveGenerator(Simulation simulation, EventSink sink, GroundTruth truth, long firstDay) {
        this.simulation = simulation;
        this.sink = Objects.requireNonNull(sink, "sink");
        this.truth = Objects.requireNonNull(truth, "truth");
        this.firstDay = firstDay;
        this.thread = new Thread(this::run, "live-generator");
        this.thread.setDaemon(true);
    }

    /** Starts streaming a new population into {@code sink}, without ground truth. */
    public static LiveGenerator start(GeneratorConfig config, EventSink sink) {
        return start(config, sink, GroundTruth.none());
    }

    /**
     * Starts streaming a new population into {@code sink}, recording the truth in {@code truth}.
     */
    public static LiveGenerator start(GeneratorConfig config, EventSink sink, GroundTruth truth) {
        Objects.requireNonNull(config, "config");
        if (!config.live()) {
            throw new IllegalArgumentException("config must be a live one, got live=false");
        }
        Simulation simulation = new Simulation(config);
        truth.describeRun(config);
        truth.describePopulation(simulation.population());
        return continuing(simulation, sink, truth, config.firstLiveDay());
    }

    /** Starts streaming the days after a history written from the same simulation. */
    static LiveGenerator continuing(
            Simulation simulation, EventSink sink, GroundTruth truth, long firstDay) {
        LiveGenerator generator = new LiveGenerator(simulation, sink, truth, firstDay);
        generator.thread.start();
        return generator;
    }

    /** Records written so far. */
    public long emitted() {
        return emitted.get();
    }

    /** Whether the generator is still streaming. */
    public boolean running() {
        return thread.isAlive();
    }

    /** Why the generator stopped on its own, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Waits until the generator stops (it stops on its own only on a failure). */
    public void awaitTermination() throws InterruptedException {
        thread.join();
    }

    /** Stops streaming, flushes and closes the sink and the ground truth. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            sink.close();
        } finally {
            try {
                truth.close();
            } finally {
                simulation.close();
            }
        }
        LOG.info("Live generator stopped after {} records", emitted.get());
    }

    private void run() {
        GeneratorConfig config = simulation.config();
        double rate = config.rate();
        long runStart = config.clock().millis();
        EventIds ids = EventIds.live(config.seed(), runStart);
        Emitter emitter = new Emitter(simulation);
        Emitter.Batch batch = new Emitter.Batch(STRETCH);
        long startNanos = System.nanoTime();
        long sentSinceStart = 0;
        long lastReport = startNanos;
        long lastTruthFlush = startNanos;
        LOG.info("Live generator streaming at {} events/s", rate);
        try {
            for (long day = firstDay; running; day++) {
                DayPlan plan = simulation.plan(day, ids);
                for (int from = 0; from < plan.size() && running; from += STRETCH) {
                    int to = Math.min(plan.size(), from + STRETCH);
                    emitter.prepare(plan, from, to, false, Long.MAX_VALUE, batch);
                    for (int k = 0; k < batch.size && running; k++) {
                        long due = startNanos + (long) (sentSinceStart * 1e9 / rate);
                        long now = System.nanoTime();
                        while (running && now < due) {
                            LockSupport.parkNanos(Math.min(due - now, MAX_SLEEP_NANOS));
                            now = System.nanoTime();
                        }
                        if (now - due > MAX_BACKLOG_NANOS) {
                            // The sink fell behind: do not burst to catch up, restart the schedule.
                            startNanos = now;
                            sentSinceStart = 0;
                        }
                        InputEvent event =
                                Retime.endingAt(batch.events[k], config.clock().millis());
                        emitter.encode(event, batch.labels[k], day, from + k, batch, k);
                        batch.events[k] = event;
                        Emitter.send(batch, k, sink, truth);
                        sentSinceStart++;
                        emitted.incrementAndGet();
                    }
                    long now = System.nanoTime();
                    if (now - lastTruthFlush > TimeUnit.SECONDS.toNanos(1)) {
                        truth.flush();
                        lastTruthFlush = now;
                    }
                    if (now - lastReport > REPORT_EVERY_NANOS) {
                        LOG.info("Live generator: {} records written", emitted.get());
                        lastReport = now;
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("Live generator failed after {} records", emitted.get(), e);
        }
    }
}
