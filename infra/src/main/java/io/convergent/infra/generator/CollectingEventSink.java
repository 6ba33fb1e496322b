package io.convergent.infra.generator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Keeps every record in memory, in order: the sink tests read the generator's output from.
 * Thread-safe.
 */
public final class CollectingEventSink implements EventSink {

    /** One record as sent. */
    public record SentRecord(String topic, byte[] key, byte[] value) {
        public SentRecord {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        public String keyText() {
            return new String(key, StandardCharsets.UTF_8);
        }

        public String valueText() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    private final List<SentRecord> records = new ArrayList<>();
    private int flushes;
    private boolean closed;

    @Override
    public synchronized void send(String topic, byte[] key, byte[] value) {
        if (closed) {
            throw new IllegalStateException("sink is closed");
        }
        records.add(new SentRecord(topic, key, value));
    }

    @Override
    public synchronized void flush() {
        flushes++;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    /** A copy of the records sent so far. */
    public synchronized List<SentRecord> records() {
        return List.copyOf(records);
    }

    public synchronized List<SentRecord> records(String topic) {
        return records.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    public synchronized int size() {
        return records.size();
    }

    public synchronized int flushes() {
        return flushes;
    }

    public synchronized boolean closed() {
        return closed;
    }
}
