package io.convergent.serving.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.convergent.common.features.DailyTile;
import io.convergent.common.features.FeatureWindows;
import io.convergent.common.models.ScoringModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * One batch view version in its own RocksDB directory, read-only once written: each subscriber's
 * window folds as of the cutoff and the few days after it ({@code w<subscriber>}), each caller's
 * reputation ({@code r<caller>}), each model's scoring trees ({@code m<model>}), and the meta
 * record, written last ({@code meta}). {@link #write} fills a {@code .partial} directory and
 * renames it whole; {@link #open} refuses a directory whose meta is missing or whose counts do not
 * match it, so a half-written or damaged view never serves.
 */
public final class BatchViewStore implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] META = "meta".getBytes(StandardCharsets.UTF_8);

    private final Path directory;
    private final RocksDB db;
    private final ViewInfo info;
    private final List<ScoringModel> models;

    private BatchViewStore(Path directory, RocksDB db, ViewInfo info, List<ScoringModel> models) {
        this.directory = directory;
        this.db = db;
        this.info = info;
        this.models = List.copyOf(models);
    }

    /** Opens the complete view in {@code directory}, read-only, after checking it whole. */
    public static BatchViewStore open(Path directory) throws InvalidViewException {
        return open(directory, null);
    }

    /**
     * {@link #open(Path)}, its blocks cached in {@code blockCache} (shared by the views a process
     * holds open; null: RocksDB's own small cache for this view). A lookup whose block is not
     * cached reads and decompresses it again: a cache the size of the view's hot part took a fold
     * from ~5.9 to ~3.3 µs on a 100,000-subscriber view (docs/BENCHMARKS.md).
     */
    public static BatchViewStore open(Path directory, Cache blockCache)
            throws InvalidViewException {
        if (!Files.isDirectory(directory)) {
            throw new InvalidViewException("no batch view in " + directory);
        }
        RocksDB db;
        Options readOptions = new Options().setParanoidChecks(true);
        if (blockCache != null) {
            readOptions.setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache));
        }
        // The database keeps what it needs of the options (the cache's reference included).
        try (Options options = readOptions) {
            db = RocksDB.openReadOnly(options, directory.toString());
        } catch (RocksDBException e) {
            throw new InvalidViewException(
                    "the batch view in " + directory + " does not open: " + e.getMessage(), e);
        }
        try {
            byte[] meta = db.get(META);
            if (meta == null) {
                throw new InvalidViewException(
                        "the batch view in " + directory + " has no meta record: partial");
            }
            ViewInfo info = readMeta(meta, directory);
            long subscribers = count(db, 'w');
            long callers = count(db, 'r');
            if (subscribers != info.subscribers() || callers != info.callers()) {
                throw new InvalidViewException(
                        String.format(
                                "the batch view in %s holds %d subscribers and %d callers, its"
                                        + " meta says %d and %d",
                                directory,
                                subscribers,
                                callers,
                                info.subscribers(),
                                info.callers()));
            }
            List<ScoringModel> models = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (String model : info.models()) {
                String name = model.substring(0, model.indexOf('@'));
                // One model per name: answers list the scores by name.
                if (!names.add(name)) {
                    throw new InvalidViewException(
                            "the batch view in " + directory + " lists model " + name + " twice");
                }
                byte[] json = db.get(key('m', name));
                if (json == null) {
                    throw new InvalidViewException(
                            "the batch view in " + directory + " lacks model " + model);
                }
                models.add(ScoringModel.fromJson(new String(json, StandardCharsets.UTF_8)));
            }
            return new BatchViewStore(directory, db, info, models);
        } catch (InvalidViewException | RuntimeException | RocksDBException e) {
            db.close();
            if (e instanceof InvalidViewException invalid) {
                throw invalid;
            }
            throw new InvalidViewException(
                    "the batch view in " + directory + " is damaged: " + e.getMessage(), e);
        }
    }

    public ViewInfo info() {
        return info;
    }

    public Path directory() {
        return directory;
    }

    public List<ScoringModel> models() {
        return models;
    }

    /** The subscriber's batch fold as of {@code asOfDay}, if the view has one for that day. */
    public Optional<FeatureWindows> fold(String subscriber, long asOfDay) {
        byte[] buffer = READ_BUFFER.get();
        int length = get(key('w', subscriber), buffer);
        if (length > buffer.length) {
            buffer = new byte[length];
            READ_BUFFER.set(buffer);
            length = get(key('w', subscriber), buffer);
        }
        return length < 0
                ? Optional.empty()
                : Optional.ofNullable(TileCodec.decodeFold(subscriber, buffer, length, asOfDay));
    }

    /**
     * Each reading thread's buffer for a subscriber's folds (a few kilobytes, grown to the largest
     * value read): a fresh array per lookup was the largest single part of what an uncached scores
     * answer allocated.
     */
    private static final ThreadLocal<byte[]> READ_BUFFER =
            ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    /** Whether the view knows {@code subscriber} at all. */
    public boolean knows(String subscriber) {
        return get(key('w', subscriber)) != null;
    }

    public Optional<CallerStanding> reputation(String caller) {
        byte[] value = get(key('r', caller));
        if (value == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(value);
            List<String> signals = new ArrayList<>();
            node.path("signals").forEach(s -> signals.add(s.asText()));
            return Optional.of(
                    new CallerStanding(
                            LocalDate.parse(node.path("as_of_day").asText()),
                            node.path("score").asDouble(),
                            signals));
        } catch (IOException e) {
            throw new IllegalStateException("a stored reputation is not readable", e);
        }
    }

    @Override
    public void close() {
        db.close();
    }

    private byte[] get(byte[] key) {
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("batch view read failed: " + e.getMessage(), e);
        }
    }

    /**
     * Copies the value of {@code key} into {@code buffer}, as much as fits: its whole length, which
     * may exceed the buffer's (then read again into a larger one), or {@link RocksDB#NOT_FOUND}.
     */
    private int get(byte[] key, byte[] buffer) {
        try {
            return db.get(key, buffer);
        } catch (RocksDBException e) {
            throw new IllegalStateException("batch view read failed: " + e.getMessage(), e);
        }
    }

    /** Writes a new view; {@link Writer#finish} makes it complete and moves it in place. */
    public static Writer write(Path directory) throws IOException {
        return new Writer(directory);
    }

    /** Fills a view's {@code .partial} directory; nothing is visible before {@link #finish}. */
    public static final class Writer implements AutoCloseable {
        private final Path target;
        private final Path partial;
        private final Options options;
        private final RocksDB db;
        private final org.rocksdb.WriteOptions writeOptions;
        private long subscribers;
        private long callers;
        private long staged;
        private boolean finished;

        private Writer(Path target) throws IOException {
            this.target = target;
            this.partial = target.resolveSibling(target.getFileName() + ".partial");
            Directories.deleteRecursively(partial);
            Files.createDirectories(partial.getParent());
            this.options =
                    new Options()
                            .setCreateIfMissing(true)
                            .setCompressionType(CompressionType.LZ4_COMPRESSION)
                            .prepareForBulkLoad();
            // The view is rebuilt from the lake if the load dies: no write-ahead log needed.
            this.writeOptions = new org.rocksdb.WriteOptions().setDisableWAL(true);
            try {
                this.db = RocksDB.open(options, partial.toString());
            } catch (RocksDBException e) {
                options.close();
                throw new IOException("cannot create a batch view in " + partial, e);
            }
        }

        /**
         * Stages one day's tile for {@link #foldStagedTiles}: written to disk, not held, so a view
         * of any population loads in bounded memory. RocksDB's key order (subscriber, then day)
         * brings a subscriber's tiles together for the fold.
         */
        public void stageTile(DailyTile tile) throws IOException {
            byte[] id = tile.subscriber.getBytes(StandardCharsets.UTF_8);
            byte[] key =
                    java.nio.ByteBuffer.allocate(id.length + 6)
                            .put((byte) 't')
                            .put(id)
                            .put((byte) 0)
                            .putInt((int) tile.day)
                            .array();
            put(key, TileCodec.encodeTile(tile));
            staged++;
        }

        /**
         * Folds the staged tiles of each number into its windows as of {@code firstAsOfDay} and the
         * {@code days - 1} days after it, keeps those of our subscribers ({@link
         * FeatureWindows#isOurSubscriber} activity in any of them), and drops the staged tiles.
         *
         * @return the staged tiles folded
         */
        public long foldStagedTiles(long firstAsOfDay, int days) throws IOException {
            long folded = 0;
            String current = null;
            FeatureWindows[] folds = null;
            try (org.rocksdb.RocksIterator it = db.newIterator()) {
                for (it.seek(new byte[] {'t'}); it.isValid() && it.key()[0] == 't'; it.next()) {
                    byte[] key = it.key();
                    String subscriber = new String(key, 1, key.length - 6, StandardCharsets.UTF_8);
                    if (!subscriber.equals(current)) {
                        keepIfOurs(folds);
                        current = subscriber;
                        folds = new FeatureWindows[days];
                        for (int k = 0; k < days; k++) {
                            folds[k] = new FeatureWindows(subscriber, firstAsOfDay + k);
                        }
                    }
                    DailyTile tile = TileCodec.decodeTile(subscriber, it.value());
                    for (FeatureWindows fold : folds) {
                        fold.add(tile);
                    }
                    folded++;
                }
            }
            keepIfOurs(folds);
            try {
                db.deleteRange(new byte[] {'t'}, new byte[] {'u'});
            } catch (RocksDBException e) {
                throw new IOException("cannot drop the staged tiles in " + partial, e);
            }
            if (folded != staged) {
                throw new IOException(
                        "staged " + staged + " tiles but folded " + folded + " in " + partial);
            }
            return folded;
        }

        private void keepIfOurs(FeatureWindows[] folds) throws IOException {
            // A number seen only as the other party of our subscribers' calls is not served.
            if (folds != null && folds[0].lastOwnActivityDay != Long.MIN_VALUE) {
                putFolds(folds[0].subscriber, folds);
            }
        }

        public void putFolds(String subscriber, FeatureWindows[] folds) throws IOException {
            put(key('w', subscriber), TileCodec.encodeFolds(folds));
            subscribers++;
        }

        public void putReputation(
                String caller, LocalDate asOfDay, double score, List<String> signals)
                throws IOException {
            ObjectNode node = JSON.createObjectNode();
            node.put("as_of_day", asOfDay.toString());
            node.put("score", score);
            ArrayNode array = node.putArray("signals");
            signals.forEach(array::add);
            put(key('r', caller), node.toString().getBytes(StandardCharsets.UTF_8));
            callers++;
        }

        public void putModel(ScoringModel model) throws IOException {
            put(key('m', model.model()), model.toJson().getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Writes the meta record with the counts, flushes, compacts and moves the directory to its
         * name: from then on {@link #open} accepts it.
         */
        public ViewInfo finish(
                long version,
                LocalDate cutoff,
                OffsetDateTime publishedAt,
                int daysServed,
                List<String> models)
                throws IOException {
            ViewInfo info =
                    new ViewInfo(
                            version, cutoff, publishedAt, daysServed, subscribers, callers, models);
            ObjectNode meta = JSON.createObjectNode();
            meta.put("format", FORMAT);
            meta.put("version", version);
            meta.put("cutoff_day", cutoff.toString());
            meta.put("published_at", publishedAt.toString());
            meta.put("days_served", daysServed);
            meta.put("subscribers", subscribers);
            meta.put("callers", callers);
            ArrayNode array = meta.putArray("models");
            models.forEach(array::add);
            put(META, meta.toString().getBytes(StandardCharsets.UTF_8));
            try (org.rocksdb.FlushOptions flush =
                    new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
                db.flush(flush);
                db.compactRange();
            } catch (RocksDBException e) {
                throw new IOException("cannot flush the batch view in " + partial, e);
            }
            closeHandles();
            Directories.deleteRecursively(target);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            finished = true;
            return info;
        }

        private void put(byte[] key, byte[] value) throws IOException {
            try {
                db.put(writeOptions, key, value);
            } catch (RocksDBException e) {
                throw new IOException("cannot write the batch view in " + partial, e);
            }
        }

        @Override
        public void close() throws IOException {
            closeHandles();
            if (!finished) {
                // An abandoned load leaves nothing that could be mistaken for a view.
                Directories.deleteRecursively(partial);
            }
        }

        private void closeHandles() {
            if (db.isOwningHandle()) {
                db.close();
                writeOptions.close();
                options.close();
            }
        }
    }

    static byte[] key(char kind, String id) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[idBytes.length + 1];
        key[0] = (byte) kind;
        System.arraycopy(idBytes, 0, key, 1, idBytes.length);
        return key;
    }

    private static long count(RocksDB db, char kind) {
        long n = 0;
        // A walk of the whole view: kept out of the block cache, which the views share, so
        // opening a new view does not push out the blocks the serving one is answering from.
        try (ReadOptions walk = new ReadOptions().setFillCache(false);
                RocksIterator it = db.newIterator(walk)) {
            for (it.seek(new byte[] {(byte) kind}); it.isValid(); it.next()) {
                if (it.key()[0] != (byte) kind) {
                    break;
                }
                n++;
            }
        }
        return n;
    }

    private static ViewInfo readMeta(byte[] meta, Path directory) throws InvalidViewException {
        try {
            JsonNode node = JSON.readTree(meta);
            if (node.path("format").asInt() != FORMAT) {
                throw new InvalidViewException(
                        "the batch view in "
                                + directory
                                + " is of format "
                                + node.path("format")
                                + ", this release reads "
                                + FORMAT);
            }
            List<String> models = new ArrayList<>();
            node.path("models").forEach(m -> models.add(m.asText()));
            return new ViewInfo(
                    node.path("version").asLong(),
                    LocalDate.parse(node.path("cutoff_day").asText()),
                    OffsetDateTime.parse(node.path("published_at").asText()),
                    node.path("days_served").asInt(),
                    node.path("subscribers").asLong(),
                    node.path("callers").asLong(),
                    models);
        } catch (IOException | RuntimeException e) {
            throw new InvalidViewException(
                    "the batch view in " + directory + " has an unreadable meta record", e);
        }
    }
}
