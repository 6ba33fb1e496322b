package io.convergent.serving.api;

import io.convergent.common.concurrent.DaemonThreads;
import io.convergent.common.features.FeatureCatalog;
import io.convergent.common.scores.RealtimeScores;
import io.convergent.serving.store.ViewInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the dynamic scores: when the speed view moves a subscriber's features, every model's
 * score over the merged features goes to {@code scores.realtime} (through the sink), at most once
 * per subscriber per minimum interval; a change within the interval is published when it ends, so
 * the last word is always said. Scoring happens where both views already meet, with the code that
 * answers the API, so a published score and an answered one agree.
 */
public final class ScorePublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScorePublisher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final SubscriberLookup lookup;
    private final Consumer<RealtimeScores> sink;
    private final long minIntervalMillis;
    private final Clock clock;
    // Pending subscribers: each in the set once, and once in either the arrivals (in the order
    // of its first change since last published) or, held back by its interval, the waiting.
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Queue<String> arrivals = new ConcurrentLinkedQueue<>();
    // Drain's own (under its lock), soonest due first.
    private final PriorityQueue<Waiting> waiting =
            new PriorityQueue<>(
                    Comparator.comparingLong(Waiting::dueMillis).thenComparingLong(Waiting::seq));
    private long waitingSeq;
    private final Map<String, Long> lastPublished = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicLong published = new AtomicLong();
    private final ScheduledExecutorService executor;
    private volatile boolean closed;

    /**
     * The subscribers one drain publishes at most; the rest wait for the next, a drain period
     * later. What piles up while the speed view catches up (every subscriber of the backlog) would
     * otherwise be scored and sent in one go, at the moment serving turns ready and its lookups
     * begin: 5,000 a drain, every 100 ms in serving, is 50,000 a second at most, far above what
     * live traffic changes.
     */
    static final int MAX_PER_DRAIN = 5_000;

    private final int maxPerDrain;

    /**
     * Whether features may be published while no batch view serves: only when the lake has
     * published none, so the live days are all the history there is. A view published but not
     * loaded yet (a new replica, a wiped directory) would leave the history out, and a campaign on
     * "fewer than N" could fire on features that undercount.
     */
    private final BooleanSupplier noViewPublished;

    public ScorePublisher(
            SubscriberLookup lookup,
            Consumer<RealtimeScores> sink,
            Duration minInterval,
            Clock clock,
            Duration drainEvery) {
        this(lookup, sink, minInterval, clock, drainEvery, () -> true);
    }

    public ScorePublisher(
            SubscriberLookup lookup,
            Consumer<RealtimeScores> sink,
            Duration minInterval,
            Clock clock,
            Duration drainEvery,
            BooleanSupplier noViewPublished) {
        this(lookup, sink, minInterval, clock, drainEvery, MAX_PER_DRAIN, noViewPublished);
    }

    ScorePublisher(
            SubscriberLookup lookup,
            Consumer<RealtimeScores> sink,
            Duration minInterval,
            Clock clock,
            Duration drainEvery,
            int maxPerDrain) {
        this(lookup, sink, minInterval, clock, drainEvery, maxPerDrain, () -> true);
    }

    private ScorePublisher(
            SubscriberLookup lookup,
            Consumer<RealtimeScores> sink,
            Duration minInterval,
            Clock clock,
            Duration drainEvery,
            int maxPerDrain,
            BooleanSupplier noViewPublished) {
        this.maxPerDrain = maxPerDrain;
        this.noViewPublished = noViewPublished;
        this.lookup = lookup;
        this.sink = sink;
        this.minIntervalMillis = minInterval.toMillis();
        this.clock = clock;
        this.executor =
                Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("score-publisher"));
        // The first a period after start: nothing is pending before.
        executor.scheduleWithFixedDelay(
                this::drainQuietly,
                drainEvery.toMillis(),
                drainEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The subscriber's features moved: publish its scores soon. */
    public void changed(String subscriber) {
        // Changed again while pending, it keeps its place: a busy subscriber cannot push the
        // others back, and the queue holds one entry per pending subscriber.
        if (pending.add(subscriber)) {
            arrivals.add(subscriber);
        }
    }

    /** Scores published since start. */
    public long published() {
        return published.get();
    }

    /**
     * Publishes what is due now, up to {@link #MAX_PER_DRAIN}, oldest pending change first; what is
     * still within its interval, or past the cap, stays pending and keeps its place. A subscriber
     * whose interval has ended goes before those that changed after it was held back. Each pending
     * subscriber costs a drain O(log pending) at most, whether published or held back.
     */
    public synchronized void drain() {
        if (!lookup.speedViewFollowed()) {
            // Catching up, scores would be as of the batch cutoff, which the batch layer has
            // published already: the changes wait, pending, until the tiles are merged.
            return;
        }
        long now = clock.millis();
        int drained = 0;
        // Those held back by their interval first: each left the head of the arrivals, so its
        // change is older than any still queued there.
        while (!closed && drained < maxPerDrain) {
            Waiting due = waiting.peek();
            if (due == null || due.dueMillis() > now) {
                break;
            }
            waiting.poll();
            publishNow(due.subscriber(), now);
            drained++;
        }
        while (!closed && drained < maxPerDrain) {
            String subscriber = arrivals.poll();
            if (subscriber == null) {
                break;
            }
            Long last = lastPublished.get(subscriber);
            if (last != null && now - last < minIntervalMillis) {
                // Still pending (a change meanwhile adds no entry); out of the queue's way, so
                // the next drain does not look at it again before it is due.
                waiting.add(new Waiting(last + minIntervalMillis, waitingSeq++, subscriber));
                continue;
            }
            publishNow(subscriber, now);
            drained++;
        }
    }

    private void publishNow(String subscriber, long now) {
        // No longer pending before its features are read: a change from here on queues it again,
        // and one before is in what is read.
        pending.remove(subscriber);
        publish(subscriber, now).ifPresent(sink);
        lastPublished.put(subscriber, now);
        if (lastPublished.size() > 1_000_000) {
            // Oldest first: past the interval they hold nothing back anyway.
            Iterator<Long> oldest = lastPublished.values().iterator();
            while (lastPublished.size() > 900_000) {
                oldest.next();
                oldest.remove();
            }
        }
    }

    private Optional<RealtimeScores> publish(String subscriber, long now) {
        // Without a batch view, or with one without models, the record carries the merged
        // features alone: campaigns whose eligibility reads only features need nothing more, and
        // one that needs a score finds none (not eligible).
        return lookup.features(subscriber)
                .filter(f -> f.store() != null || noViewPublished.getAsBoolean())
                .map(
                        features -> {
                            Map<String, Double> scores = new LinkedHashMap<>();
                            lookup.scores(features).forEach(s -> scores.put(s.model(), s.score()));
                            ViewInfo view = features.view();
                            published.incrementAndGet();
                            return new RealtimeScores(
                                    subscriber,
                                    LocalDate.ofEpochDay(features.asOfDay()),
                                    view == null ? 0 : view.version(),
                                    now,
                                    scores,
                                    FeatureCatalog.asMap(features.vector()));
                        });
    }

    private void drainQuietly() {
        try {
            drain();
        } catch (RuntimeException e) {
            LOG.warn("Publishing dynamic scores failed, retrying: {}", e.toString());
        }
    }

    /** A pending subscriber held back until its interval since the last publication ends. */
    private record Waiting(long dueMillis, long seq, String subscriber) {}

    /** Whether the drains have ended since {@link #close}. */
    public boolean stopped() {
        return executor.isTerminated();
    }

    /**
     * Stops publishing and waits for a drain under way to end: the stores it reads are closed next,
     * and a RocksDB read after its store is closed crashes the JVM (seen in an {@code up} stop).
     */
    @Override
    public void close() {
        close(CLOSE_TIMEOUT);
    }

    /** {@link #close()}, waiting at most {@code wait} for a drain under way. */
    public void close(Duration wait) {
        closed = true;
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                LOG.warn("A score drain did not end within {}", wait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
