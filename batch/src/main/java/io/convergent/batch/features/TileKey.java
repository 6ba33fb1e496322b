package io.convergent.batch.features;

import io.convergent.common.features.DailyTile;

/** A tile's subscriber and day: a record, not a joined string, so no text is built per tile. */
record TileKey(String subscriber, long day) {

    static TileKey of(DailyTile tile) {
        return new TileKey(tile.subscriber, tile.day);
    }
}
