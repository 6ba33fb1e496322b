package io.convergent.infra.generator;

/**
 * Where generated records go: one record is a topic, a key and a value, all bytes as they go on the
 * wire. Implementations need not be thread-safe: the generator writes from one thread.
 */
public interface EventSink extends AutoCloseable {

    void send(String topic, byte[] key, byte[] value);

    /** Blocks until everything sent so far is durable; fails if any of it could not be written. */
    void flush();

    /** Flushes and releases the sink. */
    @Override
    void close();
}
