package io.convergent.infra.generator;

import io.convergent.common.event.InputEvent;
import io.convergent.common.event.schema.RejectionReason;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Turns a stretch of a day plan into records and writes them: materialise, swap the chosen fraction
 * for malformed records, serialise, send, tell the ground truth. Materialising and serialising run
 * in parallel on the simulation's pool; sending is sequential, in the plan's order, so the stream
 * is the same whatever the threads do.
 *
 * <p>Which records turn malformed is a hash of the seed, the day and the position, never of a
 * shared random stream. Labelled events are never replaced: the answer key must stay whole.
 */
final class Emitter {

    /** A stretch of prepared records, reused from one stretch to the next. */
    static final class Batch {
        final InputEvent[] events;
        final Label[] labels;
        final String[] topics;
        final byte[][] keys;
        final byte[][] values;
        final RejectionReason[] malformed;
        int size;

        Batch(int capacity) {
            events = new InputEvent[capacity];
            labels = new Label[capacity];
            topics = new String[capacity];
            keys = new byte[capacity][];
            values = new byte[capacity][];
            malformed = new RejectionReason[capacity];
        }
    }

    private final long seed;
    private final double malformedRate;
    private final EventMaterialiser materialiser;
    private final ForkJoinPool pool;
    private final int slices;

    Emitter(Simulation simulation) {
        this.seed = simulation.config().seed();
        this.malformedRate = simulation.config().malformedRate();
        this.materialiser = simulation.materialiser();
        this.pool = simulation.pool();
        this.slices = Math.max(1, pool.getParallelism() * 2);
    }

    /**
     * Fills {@code batch} with positions [from, to) of the plan. With {@code serialise}, also the
     * wire form and the malformed swaps; events whose latest time is after {@code cutoff} are left
     * out (set to {@code null}).
     */
    void prepare(DayPlan plan, int from, int to, boolean serialise, long cutoff, Batch batch) {
        int count = to - from;
        batch.size = count;
        int sliceSize = (count + slices - 1) / slices;
        pool.submit(
                        () ->
                                IntStream.range(0, slices)
                                        .parallel()
                                        .forEach(
                                                s -> {
                                                    int start = s * sliceSize;
                                                    int end = Math.min(count, start + sliceSize);
                                                    for (int k = start; k < end; k++) {
                                                        prepareOne(
                                                                plan, from + k, k, serialise,
                                                                cutoff, batch);
                                                    }
                                                }))
                .join();
    }

    private void prepareOne(
            DayPlan plan, int position, int k, boolean serialise, long cutoff, Batch batch) {
        int entry = plan.entry(position);
        InputEvent event = materialiser.materialise(plan, entry);
        if (Retime.latestTime(event) > cutoff) {
            batch.events[k] = null;
            return;
        }
        batch.events[k] = event;
        batch.labels[k] = plan.label(entry);
        if (serialise) {
            encode(event, batch.labels[k], plan.epochDay(), position, batch, k);
        }
    }

    /** Writes the wire form of {@code event} (or a malformed record in its place) into slot k. */
    void encode(InputEvent event, Label label, long day, long position, Batch batch, int k) {
        if (label == null
                && malformedRate > 0
                && Seeds.unit(seed, Seeds.MALFORMED, day, position) < malformedRate) {
            SplittableRandom rng = Seeds.random(seed, Seeds.MALFORMED, day, position, 1);
            MalformedRecords.Malformed bad = MalformedRecords.any(event, rng);
            batch.topics[k] = bad.topic();
            batch.keys[k] = bad.key();
            batch.values[k] = bad.value();
            batch.malformed[k] = bad.reason();
            return;
        }
        batch.topics[k] = EventCodec.topic(event).name();
        batch.keys[k] = EventCodec.key(event);
        batch.values[k] = EventCodec.value(event);
        batch.malformed[k] = null;
    }

    /** Sends slot k of a serialised batch and tells the ground truth. */
    static void send(Batch batch, int k, EventSink sink, GroundTruth truth) {
        sink.send(batch.topics[k], batch.keys[k], batch.values[k]);
        if (batch.malformed[k] != null) {
            truth.recordMalformed(batch.topics[k], batch.malformed[k]);
        } else {
            truth.recordEvent(batch.topics[k], batch.events[k], batch.labels[k]);
        }
    }
}
