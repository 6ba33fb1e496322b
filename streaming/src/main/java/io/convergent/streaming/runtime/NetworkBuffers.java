package io.convergent.streaming.runtime;

/**
 * How a latency-bound job hands records from one task to the next.
 *
 * <p>Flink fills a network buffer before sending it on, and its "buffer timeout" bounds the wait.
 * Any positive timeout starts a thread for every output of every task, which wakes at that period
 * whether or not there is anything to send. At 2 ms, the immunity and campaign jobs' ~50 such
 * threads took ~0.27 of this machine's two cores with the whole platform idle, mostly in the kernel
 * (docs/BENCHMARKS.md). A timeout of 0 starts no thread: each record is flushed as it is written,
 * one hand-off to the next task, which at these jobs' rates costs less than the timers.
 *
 * <p>The ingest job uses it too, for every hop. Under a backlog, writing a record into a buffer
 * another task is already reading costs little more; {@code bench ingest} moved within its noise,
 * and {@code bench freshness} gained ~30 ms at p99.
 */
public final class NetworkBuffers {

    /** Flink's buffer timeout for "send each record at once, no flusher thread". */
    public static final long FLUSH_EACH_RECORD = 0L;

    private NetworkBuffers() {}
}
