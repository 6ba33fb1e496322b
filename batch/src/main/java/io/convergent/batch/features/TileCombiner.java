package io.convergent.batch.features;

import io.convergent.common.features.DailyTile;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Folds the tiles one source task produces per subscriber and day before they cross the keyed
 * exchange: a call makes two small tiles, and a subscriber's day makes dozens, so sending each one
 * costs far more than the fold. Emits what it holds at the end of its bounded input, or when it
 * holds {@code maxTiles} (the keyed reduce behind it merges partial tiles of one subscriber all the
 * same), so memory stays bounded however many subscribers a day has.
 */
final class TileCombiner extends AbstractStreamOperator<DailyTile>
        implements OneInputStreamOperator<DailyTile, DailyTile>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final int maxTiles;
    private transient Map<Key, DailyTile> tiles;

    TileCombiner(int maxTiles) {
        if (maxTiles < 1) {
            throw new IllegalArgumentException("maxTiles must be positive, got " + maxTiles);
        }
        this.maxTiles = maxTiles;
    }

    @Override
    public void open() throws Exception {
        super.open();
        tiles = new HashMap<>();
    }

    @Override
    public void processElement(StreamRecord<DailyTile> element) {
        DailyTile tile = element.getValue();
        Key key = key(tile);
        DailyTile held = tiles.get(key);
        if (held == null) {
            if (tiles.size() >= maxTiles) {
                flush();
            }
            tiles.put(key, tile);
        } else {
            held.merge(tile);
        }
    }

    @Override
    public void endInput() {
        flush();
    }

    private void flush() {
        StreamRecord<DailyTile> record = new StreamRecord<>(null);
        for (DailyTile tile : tiles.values()) {
            output.collect(record.replace(tile));
        }
        tiles.clear();
    }

    /** A tile's subscriber and day; a record, not a joined string, so no text is built per tile. */
    private record Key(String subscriber, long day) {}

    private static Key key(DailyTile tile) {
        return new Key(tile.subscriber, tile.day);
    }
}
