package io.convergent.infra.generator;

import java.util.concurrent.atomic.LongAdder;

/** Counts records and bytes and drops them: to measure the generator alone. */
public final class CountingEventSink implements EventSink {

    private final LongAdder records = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    @Override
    public void send(String topic, byte[] key, byte[] value) {
        records.increment();
        bytes.add(key.length + value.length);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    public long records() {
        return records.sum();
    }

    public long bytes() {
        return bytes.sum();
    }
}
