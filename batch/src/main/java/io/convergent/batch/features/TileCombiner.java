package io.convergent.batch.features;

import io.convergent.batch.lake.RawRowReader;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.InputTopic;
import io.convergent.common.event.InputTopics;
import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DailyTiles;
import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.EventRowConverter;
import io.convergent.streaming.lake.RawTableSchemas;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.Schema;

/**
 * Folds the rows one source task reads of one raw table into a tile per subscriber and day before
 * they cross the exchange by subscriber ({@link DailyTiles#fold}: each event is added to the held
 * tile, no tile is made per event). A call touches two tiles and a subscriber's day dozens, so
 * sending a tile per event costs far more than the fold. Emits what it holds at the end of its
 * bounded input, or when it holds {@code maxTiles} ({@link TileMerger} behind it merges partial
 * tiles of one subscriber all the same), so memory stays bounded however many subscribers a day
 * has.
 *
 * <p>Reads rows of the table's projection to the fields the tiles are made of ({@link
 * #projectionOf}).
 */
final class TileCombiner extends AbstractStreamOperator<DailyTile>
        implements OneInputStreamOperator<RowData, DailyTile>,
                BoundedOneInput,
                DailyTiles.TileLookup {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final int maxTiles;
    private transient RawRowReader<? extends Record> rows;
    private transient Map<TileKey, DailyTile> tiles;
    private transient StreamRecord<DailyTile> record;

    /** For the projected rows of input topic {@code topic}'s raw table. */
    TileCombiner(String topic, int maxTiles) {
        this.topic = Objects.requireNonNull(topic, "topic");
        if (maxTiles < 1) {
            throw new IllegalArgumentException("maxTiles must be positive, got " + maxTiles);
        }
        this.maxTiles = maxTiles;
    }

    /** The columns of {@code topic}'s raw table the tiles are made of: what to read. */
    static Schema projectionOf(String topic) {
        InputTopic<?> input = InputTopics.byName(topic).orElseThrow();
        return RawTableSchemas.projectionOf(input, DailyTiles.fieldsRead(input.type()));
    }

    @Override
    public void open() throws Exception {
        super.open();
        InputTopic<?> input = InputTopics.byName(topic).orElseThrow();
        rows =
                new RawRowReader<>(
                        EventRowConverter.projected(
                                input.schema(), DailyTiles.fieldsRead(input.type())),
                        Tables.rawTableOf(topic).orElseThrow(),
                        getRuntimeContext());
        tiles = new HashMap<>();
        record = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<RowData> element) {
        Record event = rows.read(element.getValue());
        if (event != null) {
            DailyTiles.fold((InputEvent) event, this);
        }
    }

    @Override
    public DailyTile tile(String subscriber, long day) {
        TileKey key = new TileKey(subscriber, day);
        DailyTile held = tiles.get(key);
        if (held == null) {
            if (tiles.size() >= maxTiles) {
                // fold asks for a tile only once the one before it is complete.
                flush();
            }
            held = new DailyTile(subscriber, day);
            tiles.put(key, held);
        }
        return held;
    }

    @Override
    public void endInput() {
        flush();
    }

    private void flush() {
        for (DailyTile tile : tiles.values()) {
            output.collect(record.replace(tile));
        }
        tiles.clear();
    }
}
