package io.convergent.batch.features;

import io.convergent.common.features.DailyTile;
import io.convergent.streaming.features.DailyTileSerializer;
import io.convergent.streaming.lake.FeaturesDailyTable;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.RowData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges the partial tiles of its share of subscribers in a hash map and, at the end of its bounded
 * input, emits one {@code features_daily} row per subscriber and day.
 *
 * <p>Why not {@code keyBy(...).reduce(...)}: in BATCH mode a keyed input is sorted first, and the
 * sort (serialise each tile into the sorter, sort, spill, merge, read back) took about 40 % of the
 * recompute's CPU samples, far more than a hash lookup and a merge per tile. The price is heap:
 * every tile of the task's share is held until the input ends, about half a kilobyte per subscriber
 * or counterpart number of the day, divided among the tasks ({@link #BY_SUBSCRIBER} spreads them).
 * In {@code bench batch 150000}, a day's 377,000 numbers were ~190,000 tiles per task at
 * parallelism two, ~100 MB each; a larger population wants a higher parallelism, not only a larger
 * heap.
 *
 * <p>Its input must arrive partitioned by {@link #BY_SUBSCRIBER} on the tile's subscriber, so that
 * every partial tile of a subscriber reaches the same task. Holds the tiles it is handed as they
 * are: its input always crosses the network (a custom partitioning is never chained), where each
 * record is deserialised into a new tile ({@link DailyTileSerializer} makes one per record).
 *
 * <p>It has no spill path, and uses no managed memory: a cluster that runs this recompute should
 * give the heap what Flink would otherwise reserve as managed memory ({@code
 * taskmanager.memory.managed.fraction}).
 */
final class TileMerger extends AbstractStreamOperator<RowData>
        implements OneInputStreamOperator<DailyTile, RowData>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(TileMerger.class);

    /**
     * Sends a subscriber's tiles to one task, by the subscriber's {@link String#hashCode}, which
     * the Java specification fixes, so every sending task agrees.
     */
    static final Partitioner<String> BY_SUBSCRIBER =
            (subscriber, tasks) -> Math.floorMod(subscriber.hashCode(), tasks);

    private transient Map<TileKey, DailyTile> tiles;
    private transient long partialTiles;

    @Override
    public void open() throws Exception {
        super.open();
        tiles = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<DailyTile> element) {
        DailyTile tile = element.getValue();
        partialTiles++;
        DailyTile held = tiles.putIfAbsent(TileKey.of(tile), tile);
        if (held != null) {
            held.merge(tile);
        }
    }

    @Override
    public void endInput() {
        LOG.info(
                "Merged {} partial tiles into {} tiles (task {})",
                partialTiles,
                tiles.size(),
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        StreamRecord<RowData> record = new StreamRecord<>(null);
        for (DailyTile tile : tiles.values()) {
            output.collect(record.replace(FeaturesDailyTable.toRow(tile)));
        }
        tiles.clear();
    }
}
