package io.convergent.serving.api;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Answers already computed for a subscriber (the scores of every model over the merged features),
 * kept until what they were computed from changes: another batch view, another day, or a speed view
 * update of that subscriber. Updates bump a generation counter (striped by subscriber); an answer
 * is stored with the generation read before it was computed, so an answer computed from data an
 * update has since replaced is never served again.
 *
 * <p>Bounded: past {@code capacity} entries the cache starts over. Thread-safe.
 */
public final class AnswerCache {

    private static final int STRIPES = 1 << 16;

    private record Entry(long view, long day, long generation, byte[] answer) {}

    private final int capacity;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLongArray generations = new AtomicLongArray(STRIPES);

    public AnswerCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** The generation to store an answer under: read it before computing the answer. */
    public long generation(String subscriber) {
        return generations.get(stripe(subscriber));
    }

    /** The stored answer, if it was computed from this view and day and nothing changed since. */
    public byte[] get(String subscriber, long view, long day) {
        Entry e = entries.get(subscriber);
        if (e == null
                || e.view() != view
                || e.day() != day
                || e.generation() != generations.get(stripe(subscriber))) {
            return null;
        }
        return e.answer();
    }

    public void put(String subscriber, long view, long day, long generation, byte[] answer) {
        if (capacity == 0) {
            return;
        }
        if (entries.size() >= capacity) {
            entries.clear();
        }
        entries.put(subscriber, new Entry(view, day, generation, answer));
    }

    /** The speed view changed for {@code subscriber}: its stored answers are stale. */
    public void invalidate(String subscriber) {
        generations.incrementAndGet(stripe(subscriber));
    }

    public int size() {
        return entries.size();
    }

    private static int stripe(String subscriber) {
        int h = subscriber.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }
}
