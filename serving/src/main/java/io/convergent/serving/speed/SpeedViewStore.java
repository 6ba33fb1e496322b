package io.convergent.serving.speed;

import io.convergent.common.features.DailyTile;
import io.convergent.common.state.SubscriberState;
import io.convergent.serving.store.TileCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The speed view as serving holds it, in RocksDB on disk: the tiles of the days after the batch
 * cutoff (column family {@code tiles}, key = day then subscriber, so the days a new batch view
 * covers go in one range delete), each subscriber's latest state ({@code states}), and in {@code
 * default} the Kafka offset up to which both are applied and the newest applied record's Kafka
 * timestamp. Records and their offsets are written in one batch, so after a restart the store and
 * its offsets agree.
 */
public final class SpeedViewStore implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    /**
     * Key of the newest record's timestamp in {@code default}. It sorts before the offsets' {@code
     * o...} keys, outside the range {@link #offsets} reads (an older serving's too); absent in a
     * store written before it was kept, read then as none.
     */
    private static final byte[] LAST_RECORD_TIMESTAMP = bytes("lastRecordTimestamp");

    private final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions columnOptions;
    private final ColumnFamilyHandle offsets;
    private final ColumnFamilyHandle tiles;
    private final ColumnFamilyHandle states;
    private final WriteOptions writeOptions;

    public SpeedViewStore(Path directory) throws IOException {
        Files.createDirectories(directory);
        dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        columnOptions =
                new ColumnFamilyOptions().setCompressionType(CompressionType.LZ4_COMPRESSION);
        List<ColumnFamilyDescriptor> families =
                List.of(
                        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions),
                        new ColumnFamilyDescriptor(bytes("tiles"), columnOptions),
                        new ColumnFamilyDescriptor(bytes("states"), columnOptions));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            db = RocksDB.open(dbOptions, directory.toString(), families, handles);
        } catch (RocksDBException e) {
            dbOptions.close();
            columnOptions.close();
            throw new IOException("cannot open the speed view in " + directory, e);
        }
        offsets = handles.get(0);
        tiles = handles.get(1);
        states = handles.get(2);
        // The write-ahead log is what lets a restart resume from the stored offsets.
        writeOptions = new WriteOptions();
    }

    /** A batch of records and the offsets they bring the store to, applied all or nothing. */
    public final class Update implements AutoCloseable {
        private final WriteBatch batch = new WriteBatch();

        public void tile(DailyTile tile) {
            put(tiles, tileKey(tile.subscriber, tile.day), TileCodec.encodeTile(tile));
        }

        public void state(String subscriber, byte[] json) {
            put(states, bytes(subscriber), json);
        }

        public void offset(String topic, int partition, long next) {
            put(
                    offsets,
                    bytes("o" + topic + ":" + partition),
                    ByteBuffer.allocate(8).putLong(next).array());
        }

        /** The Kafka timestamp of the newest record applied, as of this batch. */
        public void lastRecordTimestamp(long timestamp) {
            put(offsets, LAST_RECORD_TIMESTAMP, ByteBuffer.allocate(8).putLong(timestamp).array());
        }

        public void apply() throws IOException {
            try {
                db.write(writeOptions, batch);
            } catch (RocksDBException e) {
                throw new IOException("speed view write failed: " + e.getMessage(), e);
            }
        }

        private void put(ColumnFamilyHandle family, byte[] key, byte[] value) {
            try {
                batch.put(family, key, value);
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            batch.close();
        }
    }

    public Update update() {
        return new Update();
    }

    /** The subscriber's tile of {@code day}, or {@code null}. */
    public DailyTile tile(String subscriber, long day) {
        byte[] value = get(tiles, tileKey(subscriber, day));
        return value == null ? null : TileCodec.decodeTile(subscriber, value);
    }

    /** The subscriber's latest state, or {@code null}. */
    public SubscriberState state(String subscriber) {
        byte[] value = get(states, bytes(subscriber));
        return value == null ? null : SubscriberState.fromJson(value);
    }

    /** Drops the tiles of every day up to and including {@code day}: the batch view has them. */
    public void dropTilesThrough(long day) throws IOException {
        try {
            db.deleteRange(tiles, dayPrefix(0), dayPrefix(day + 1));
        } catch (RocksDBException e) {
            throw new IOException("cannot drop speed tiles through day " + day, e);
        }
    }

    /** The stored next offset of each partition, by {@code topic:partition}. */
    public Map<String, Long> offsets() {
        Map<String, Long> result = new HashMap<>();
        try (RocksIterator it = db.newIterator(offsets)) {
            for (it.seek(bytes("o")); it.isValid(); it.next()) {
                String key = new String(it.key(), StandardCharsets.UTF_8);
                if (!key.startsWith("o")) {
                    break;
                }
                result.put(key.substring(1), ByteBuffer.wrap(it.value()).getLong());
            }
        }
        return result;
    }

    /** The Kafka timestamp of the newest record applied, 0 when none is recorded. */
    public long lastRecordTimestamp() {
        byte[] value = get(offsets, LAST_RECORD_TIMESTAMP);
        return value == null ? 0 : ByteBuffer.wrap(value).getLong();
    }

    /** How many tiles the store holds (for tests and the health page). */
    public long tileCount() {
        long n = 0;
        try (RocksIterator it = db.newIterator(tiles)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        offsets.close();
        tiles.close();
        states.close();
        db.close();
        writeOptions.close();
        dbOptions.close();
        columnOptions.close();
    }

    private byte[] get(ColumnFamilyHandle family, byte[] key) {
        try {
            return db.get(family, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("speed view read failed: " + e.getMessage(), e);
        }
    }

    private static byte[] tileKey(String subscriber, long day) {
        byte[] id = bytes(subscriber);
        return ByteBuffer.allocate(4 + id.length).putInt((int) day).put(id).array();
    }

    private static byte[] dayPrefix(long day) {
        return ByteBuffer.allocate(4).putInt((int) day).array();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
