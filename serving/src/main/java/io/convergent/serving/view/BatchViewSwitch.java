package io.convergent.serving.view;

import io.convergent.serving.store.BatchViewStore;
import io.convergent.serving.store.Directories;
import io.convergent.serving.store.InvalidViewException;
import io.convergent.serving.store.ViewInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch view serving answers from, and the one before it. {@link #refresh} loads a newer
 * published version into its own directory, opens it (which checks it whole) and swaps it in with
 * one atomic reference write, so a request sees either view, never a mix. A version that fails to
 * load or open is refused, remembered with its reason, and the current one keeps serving. {@code
 * CURRENT} in the views directory names the serving version, so a restart opens it without the
 * lake; {@link #rollback} goes back to the previous version.
 *
 * <p>A replaced view stays open: requests that took it before the swap finish on it. Only the
 * version before the previous one is closed and deleted, one swap later.
 */
public final class BatchViewSwitch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchViewSwitch.class);
    private static final String CURRENT = "CURRENT";

    /** The version an operator rolled back from: not loaded again, only a newer one is. */
    private static final String ROLLED_BACK_FROM = "ROLLED_BACK_FROM";

    private static final String ROLLED_BACK =
            "rolled back from by an operator; a newer version is loaded, not this one";

    /** The last refused version and why. */
    public record Refusal(long version, String reason) {}

    private final Path views;
    private final AtomicReference<BatchViewStore> current = new AtomicReference<>();
    private volatile BatchViewStore previous;
    private final List<BatchViewStore> retired = new ArrayList<>();
    private volatile Refusal lastRefusal;

    /** The version an operator rolled back from, if any: only a newer one is loaded. */
    private volatile long rolledBackFrom = Long.MIN_VALUE;

    /** Blocks of every view this switch holds open; closed last. Null: each view its own. */
    private final Cache blockCache;

    /** After {@link #close}: nothing more is opened (the block cache is freed). */
    private boolean closed;

    /** Whether the last {@link #refresh} found no view published in the lake; false before one. */
    private volatile boolean lakePublishedNone;

    /** Opens the version {@code CURRENT} names in {@code views}, if any and if it is whole. */
    public BatchViewSwitch(Path views) throws IOException {
        this(views, 0);
    }

    /**
     * As {@link #BatchViewSwitch(Path)}, the views' blocks cached in one cache of {@code
     * blockCacheBytes} (0: each view RocksDB's own small one).
     */
    public BatchViewSwitch(Path views, long blockCacheBytes) throws IOException {
        if (blockCacheBytes < 0) {
            throw new IllegalArgumentException(
                    "the block cache must not be negative, got " + blockCacheBytes);
        }
        RocksDB.loadLibrary();
        // RocksDB's LRU cache, not its lock-free HyperClockCache: the clock cache made a fold
        // ~15 % cheaper in a harness, but two of six benchmark runs with it stalled (p99 217 and
        // 10 ms) where none of eight without did (docs/BENCHMARKS.md, session 33).
        this.blockCache = blockCacheBytes == 0 ? null : new LRUCache(blockCacheBytes);
        this.views = views;
        Files.createDirectories(views);
        Optional<Long> named = currentVersion();
        readVersion(ROLLED_BACK_FROM)
                .ifPresent(
                        v -> {
                            rolledBackFrom = v;
                            lastRefusal = new Refusal(v, ROLLED_BACK);
                        });
        if (named.isPresent()) {
            try {
                current.set(BatchViewStore.open(directoryOf(named.get()), blockCache));
                LOG.info("Serving batch view {} from disk", named.get());
            } catch (InvalidViewException e) {
                lastRefusal = new Refusal(named.get(), e.getMessage());
                LOG.error("Batch view {} on disk is refused: {}", named.get(), e.getMessage());
            }
            // The version before, for rollback, if it is still there.
            previousOnDisk(named.get())
                    .ifPresent(
                            v -> {
                                try {
                                    previous = BatchViewStore.open(directoryOf(v), blockCache);
                                } catch (InvalidViewException e) {
                                    LOG.warn(
                                            "Previous batch view {} is not usable: {}",
                                            v,
                                            e.getMessage());
                                }
                            });
        }
    }

    /** The view to answer from; {@code null} before any view was loaded. */
    public BatchViewStore current() {
        return current.get();
    }

    public Optional<ViewInfo> previousInfo() {
        BatchViewStore p = previous;
        return p == null ? Optional.empty() : Optional.of(p.info());
    }

    /**
     * The last day (epoch day) the speed view may forget: covered by the serving view and by the
     * one kept for rollback, so a rollback finds the speed tiles of the days after its own cutoff;
     * {@link Long#MIN_VALUE} before any view.
     */
    public long coveredThroughDay() {
        BatchViewStore serving = current.get();
        if (serving == null) {
            return Long.MIN_VALUE;
        }
        long day = serving.info().cutoff().toEpochDay();
        BatchViewStore kept = previous;
        return kept == null ? day : Math.min(day, kept.info().cutoff().toEpochDay());
    }

    public Optional<Refusal> lastRefusal() {
        return Optional.ofNullable(lastRefusal);
    }

    /**
     * Loads and swaps in the latest published view when it is newer than the current one.
     *
     * @return whether a new view now serves
     */
    public synchronized boolean refresh(BatchViewLoader loader) throws IOException {
        requireOpen();
        Optional<Manifest> latest = loader.latest();
        lakePublishedNone = latest.isEmpty();
        if (latest.isEmpty()) {
            return false;
        }
        Manifest manifest = latest.get();
        BatchViewStore serving = current.get();
        if (!wanted(manifest.version())) {
            return false;
        }
        Path directory = directoryOf(manifest.version());
        LOG.info(
                "Loading batch view {} (cutoff {}); {} serves meanwhile",
                manifest.version(),
                manifest.cutoff(),
                serving == null ? "none" : serving.info().version());
        try {
            loader.load(manifest, directory);
            return install(BatchViewStore.open(directory, blockCache));
        } catch (IOException | InvalidViewException | RuntimeException e) {
            lastRefusal = new Refusal(manifest.version(), String.valueOf(e.getMessage()));
            LOG.error(
                    "Batch view {} refused, view {} keeps serving: {}",
                    manifest.version(),
                    serving == null ? "none" : serving.info().version(),
                    e.getMessage());
            return false;
        }
    }

    /**
     * Whether a published {@code version} is to be loaded: newer than the one serving, and neither
     * refused nor rolled back from (by an operator; a version after it is loaded).
     */
    synchronized boolean wanted(long version) {
        BatchViewStore serving = current.get();
        if (serving != null && serving.info().version() >= version) {
            return false;
        }
        if (version <= rolledBackFrom) {
            // Kept apart from the last refusal, which a failed load elsewhere replaces.
            return false;
        }
        Refusal refused = lastRefusal;
        return refused == null || version != refused.version();
    }

    /**
     * Opens a view already written in {@code directory} and swaps it in (the refresh path after
     * loading; also how a test presents a damaged directory).
     */
    public synchronized boolean install(Path directory) throws IOException {
        requireOpen();
        try {
            return install(BatchViewStore.open(directory, blockCache));
        } catch (InvalidViewException e) {
            lastRefusal = new Refusal(-1, e.getMessage());
            LOG.error("Batch view in {} refused: {}", directory, e.getMessage());
            return false;
        }
    }

    /** Serves the previous version again; the one replaced becomes the previous. */
    public synchronized boolean rollback() throws IOException {
        BatchViewStore back = previous;
        if (back == null) {
            return false;
        }
        BatchViewStore replaced = current.getAndSet(back);
        previous = replaced;
        writeCurrent(back.info().version());
        if (replaced != null) {
            // Else the next poll would find it the newest published and load it straight back.
            long from = replaced.info().version();
            rolledBackFrom = from;
            lastRefusal = new Refusal(from, ROLLED_BACK);
            writeVersion(ROLLED_BACK_FROM, from);
        }
        LOG.warn(
                "Rolled back to batch view {} (from {})",
                back.info().version(),
                replaced == null ? "none" : replaced.info().version());
        return true;
    }

    private boolean install(BatchViewStore store) throws IOException {
        BatchViewStore replaced = current.getAndSet(store);
        writeCurrent(store.info().version());
        if (previous != null && previous != replaced) {
            retire(previous);
        }
        previous = replaced;
        lastRefusal = null;
        rolledBackFrom = Long.MIN_VALUE;
        Files.deleteIfExists(views.resolve(ROLLED_BACK_FROM));
        LOG.info(
                "Batch view {} (cutoff {}) serves now; {} kept for rollback",
                store.info().version(),
                store.info().cutoff(),
                replaced == null ? "none" : replaced.info().version());
        return true;
    }

    /** Closes views two swaps old: every request that could hold one has long finished. */
    private void retire(BatchViewStore old) throws IOException {
        for (BatchViewStore r : retired) {
            r.close();
            deleteIfNotServing(r.directory());
        }
        retired.clear();
        retired.add(old);
    }

    private void deleteIfNotServing(Path directory) throws IOException {
        BatchViewStore c = current.get();
        BatchViewStore p = previous;
        if ((c == null || !c.directory().equals(directory))
                && (p == null || !p.directory().equals(directory))) {
            Directories.deleteRecursively(directory);
        }
    }

    private Path directoryOf(long version) {
        return views.resolve(Long.toString(version));
    }

    private Optional<Long> currentVersion() throws IOException {
        return readVersion(CURRENT);
    }

    private Optional<Long> readVersion(String name) throws IOException {
        Path file = views.resolve(name);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            LOG.error("{} holds '{}', not a view version: ignored", file, text);
            return Optional.empty();
        }
    }

    private Optional<Long> previousOnDisk(long serving) throws IOException {
        try (Stream<Path> dirs = Files.list(views)) {
            return dirs.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("[0-9]+"))
                    .map(Long::parseLong)
                    .filter(v -> v != serving)
                    .max(Long::compare);
        }
    }

    private void writeCurrent(long version) throws IOException {
        writeVersion(CURRENT, version);
    }

    private void writeVersion(String name, long version) throws IOException {
        Path tmp = views.resolve(name + ".tmp");
        Files.writeString(tmp, Long.toString(version), StandardCharsets.UTF_8);
        Files.move(tmp, views.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Whether the lake had published no batch view at the last {@link #refresh} (false before any):
     * the live days are then all the history there is.
     */
    public boolean lakePublishedNone() {
        return lakePublishedNone;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the batch views are closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (BatchViewStore r : retired) {
            r.close();
        }
        BatchViewStore p = previous;
        if (p != null) {
            p.close();
        }
        BatchViewStore c = current.get();
        if (c != null && c != p) {
            c.close();
        }
        if (blockCache != null) {
            blockCache.close();
        }
    }
}
