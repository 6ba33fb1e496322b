package io.convergent.infra.launcher;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running components of the local platform, closed in the reverse order of their start:
 * whatever was started later depends on what was started before it (jobs on the broker, serving on
 * the jobs), so it stops first.
 *
 * <p>Thread-safe, because a shutdown hook closes the stack while the main thread may still be
 * starting components: a component added after {@link #close} began is closed at once and its start
 * fails.
 */
public final class ComponentStack implements AutoCloseable {

    private record Entry(String name, AutoCloseable component) {}

    private static final Logger LOG = LoggerFactory.getLogger(ComponentStack.class);

    private final Deque<Entry> started = new ArrayDeque<>();
    private boolean closed;

    /** Registers a started component; returns it for chaining. */
    public synchronized <T extends AutoCloseable> T add(String name, T component) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(component, "component");
        if (closed) {
            closeQuietly(new Entry(name, component));
            throw new IllegalStateException(
                    "the platform is stopping; " + name + " was stopped right after its start");
        }
        started.push(new Entry(name, component));
        return component;
    }

    public synchronized int size() {
        return started.size();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Closes every component, last started first. A failure to close one is logged and the rest are
     * still closed. Synchronized so a second caller (the shutdown hook after the main thread began
     * closing) waits until everything is stopped.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!started.isEmpty()) {
            closeQuietly(started.pop());
        }
    }

    private static void closeQuietly(Entry entry) {
        long startNanos = System.nanoTime();
        try {
            entry.component().close();
            LOG.info(
                    "Stopped {} in {} ms",
                    entry.name(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
        } catch (Exception e) {
            LOG.warn("Failed to stop {} cleanly", entry.name(), e);
        }
    }
}
