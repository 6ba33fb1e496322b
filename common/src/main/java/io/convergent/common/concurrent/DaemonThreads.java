package io.convergent.common.concurrent;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * Threads for a component's background chores (polling, watching, publishing), named so that a
 * thread dump says whose they are, and daemons so that a forgotten one never keeps a JVM from
 * exiting: each owner still shuts its executor down when it closes.
 */
public final class DaemonThreads {

    private DaemonThreads() {}

    /** A factory of daemon threads all called {@code name}, for single-thread executors. */
    public static ThreadFactory named(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a thread name must not be blank");
        }
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
