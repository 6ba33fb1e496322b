package io.convergent.streaming.runtime;

/** How the jobs' expiring states are cleaned up in RocksDB. */
public final class StateExpiry {

    /**
     * How many entries RocksDB's TTL compaction filter checks against one reading of the clock
     * ({@code StateTtlConfig.Builder.cleanupInRocksdbCompactFilter}). Each reading is a call from
     * the native compaction thread into Java, which attaches and detaches that thread: at Flink's
     * 1,000, the immunity job at 20,000 calls/s attached ~250 threads a second, ~0.5 % of its CPU
     * (docs/BENCHMARKS.md, session 34). An expired entry is dropped at most one compaction's
     * duration later than it could be, never earlier.
     */
    public static final long ENTRIES_PER_CLOCK_READ = 100_000;

    private StateExpiry() {}
}
