package io.convergent.streaming.runtime;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;

/**
 * RocksDB settings for a job whose state lookups mostly miss, like the ingest's de-duplication: of
 * the millions of event ids a day brings, nearly every one is new, so nearly every {@code get}
 * finds nothing. A miss is cheap only when the bloom filters answer it from memory.
 *
 * <ul>
 *   <li>Bloom filters, so a miss reads no data block.
 *   <li>Partitioned index and filter blocks, with their top level pinned. With Flink's managed
 *       memory the filters share the slot's block cache with data blocks and memtables, favoured in
 *       a high-priority pool of a tenth of it (6 MB of a local slot's 64 MB). Whole per-file
 *       filters of several MB, once the state holds a few million ids, are demoted, evicted and
 *       read back from the files by the next miss: measured at 5.75 million ids, 63 % of the
 *       ingest's CPU went to RocksDB {@code get} and the job ran at a third of its speed
 *       (docs/BENCHMARKS.md). Partitioned, only the small top level must stay and the filter
 *       partitions a lookup needs are cached and evicted one by one.
 * </ul>
 *
 * <p>A job applies them with {@code env.configure(RocksDBLookups.mostlyMissing())}, so they hold on
 * a real cluster as well as in-process; the memory stays within Flink's managed budget. They apply
 * to every keyed state of the job, including states whose lookups mostly hit (the speed view's in
 * the ingest job), where they were not measured on their own.
 */
public final class RocksDBLookups {

    private RocksDBLookups() {}

    /** The settings, for {@code StreamExecutionEnvironment.configure}. */
    public static Configuration mostlyMissing() {
        return new Configuration()
                .set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true)
                .set(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS, true);
    }
}
