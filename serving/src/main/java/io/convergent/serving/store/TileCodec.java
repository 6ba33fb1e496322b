package io.convergent.serving.store;

import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DistinctSketch;
import io.convergent.common.features.FeatureWindows;
import java.nio.ByteBuffer;

/**
 * The binary form serving keeps tiles and window folds in: fixed-width longs (RocksDB compresses
 * the zeros away) and the raw sketch. Format {@value #FORMAT} leads every value, so a later format
 * can be told apart and an old one still read.
 */
public final class TileCodec {

    public static final byte FORMAT = 1;
    private static final int FIGURES = DailyTile.FIGURE_COLUMNS.size();
    private static final int TILE_BYTES = 8 + FIGURES * 8 + DistinctSketch.REGISTERS;
    private static final int FOLD_BYTES = 8 + 3 * TILE_BYTES + 3 * 4 + 2 * 8;

    private TileCodec() {}

    /** One tile, its subscriber left out (it is in the key). */
    public static byte[] encodeTile(DailyTile tile) {
        ByteBuffer out = ByteBuffer.allocate(1 + TILE_BYTES);
        out.put(FORMAT);
        putTile(out, tile);
        return out.array();
    }

    public static DailyTile decodeTile(String subscriber, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        checkFormat(in.get(), "tile");
        return getTile(in, subscriber);
    }

    /** Several window folds of one subscriber (as of consecutive days), in one value. */
    public static byte[] encodeFolds(FeatureWindows[] folds) {
        ByteBuffer out = ByteBuffer.allocate(2 + folds.length * FOLD_BYTES);
        out.put(FORMAT);
        out.put((byte) folds.length);
        for (FeatureWindows fold : folds) {
            out.putLong(fold.asOfDay);
            putTile(out, fold.week);
            putTile(out, fold.month);
            putTile(out, fold.quarter);
            out.putInt(fold.activeDaysWeek);
            out.putInt(fold.activeDaysMonth);
            out.putInt(fold.activeDaysQuarter);
            out.putLong(fold.lastOwnActivityDay);
            out.putLong(fold.lastPortOutDay);
        }
        return out.array();
    }

    /**
     * The fold as of {@code asOfDay} among {@code bytes}', or {@code null} when the value holds
     * none for that day.
     */
    public static FeatureWindows decodeFold(String subscriber, byte[] bytes, long asOfDay) {
        return decodeFold(subscriber, bytes, bytes.length, asOfDay);
    }

    /**
     * As {@link #decodeFold(String, byte[], long)}, over the first {@code length} bytes of {@code
     * bytes} (a buffer a reader reuses). The fold's three tiles are read into the ones it is made
     * with: a decode allocates the fold, its tiles and one array of figures, nothing per tile.
     */
    public static FeatureWindows decodeFold(
            String subscriber, byte[] bytes, int length, long asOfDay) {
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        checkFormat(in.get(), "window fold");
        int count = in.get();
        long[] figures = new long[FIGURES];
        for (int i = 0; i < count; i++) {
            int start = 2 + i * FOLD_BYTES;
            if (in.getLong(start) != asOfDay) {
                continue;
            }
            in.position(start + 8);
            FeatureWindows fold = new FeatureWindows(subscriber, asOfDay);
            readTile(in, "window", fold.week, figures);
            readTile(in, "window", fold.month, figures);
            readTile(in, "window", fold.quarter, figures);
            fold.activeDaysWeek = in.getInt();
            fold.activeDaysMonth = in.getInt();
            fold.activeDaysQuarter = in.getInt();
            fold.lastOwnActivityDay = in.getLong();
            fold.lastPortOutDay = in.getLong();
            return fold;
        }
        return null;
    }

    private static void putTile(ByteBuffer out, DailyTile tile) {
        out.putLong(tile.day);
        for (long figure : tile.figures()) {
            out.putLong(figure);
        }
        out.put(tile.counterparts);
    }

    private static DailyTile getTile(ByteBuffer in, String subscriber) {
        DailyTile tile = new DailyTile(subscriber, 0);
        readTile(in, subscriber, tile, new long[FIGURES]);
        return tile;
    }

    /** Reads a tile into {@code tile}, through {@code figures} (overwritten). */
    private static void readTile(ByteBuffer in, String subscriber, DailyTile tile, long[] figures) {
        tile.subscriber = subscriber;
        tile.day = in.getLong();
        for (int i = 0; i < FIGURES; i++) {
            figures[i] = in.getLong();
        }
        tile.setFigures(figures);
        in.get(tile.counterparts);
    }

    private static void checkFormat(byte format, String what) {
        if (format != FORMAT) {
            throw new IllegalStateException(
                    "a stored " + what + " of format " + format + ", this release reads " + FORMAT);
        }
    }
}
