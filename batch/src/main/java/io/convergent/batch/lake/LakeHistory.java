package io.convergent.batch.lake;

import io.convergent.common.event.InputTopics;
import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.LakeTables;
import io.convergent.streaming.lake.RawTableSchemas;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * The days of a span the lake holds, read from the tables' partitions (their manifests, no data
 * file): the days with events in any raw table, and the days {@code features_daily} has tiles for.
 *
 * <p>The raw tables fill as events arrive, whether or not a batch run follows; {@code
 * features_daily} fills only day by day, as batch runs tile them. A window feature folds the tiles
 * of the days it spans, so a day with events and no tiles would count as a day without activity:
 * what {@link #untiled} finds.
 */
public record LakeHistory(
        NavigableSet<LocalDate> eventDays,
        NavigableSet<LocalDate> tiledDays,
        NavigableSet<LocalDate> staleDays) {

    /**
     * The {@code features_daily} snapshot property a day's tiling run writes: how many rows the raw
     * tables held for the day when it began ({@link #rawRows}). A day whose raw tables hold another
     * number now changed after it was tiled.
     */
    public static final String TILED_RAW_ROWS = "convergent.tiled-raw-rows";

    public LakeHistory {
        eventDays = Collections.unmodifiableNavigableSet(new TreeSet<>(eventDays));
        tiledDays = Collections.unmodifiableNavigableSet(new TreeSet<>(tiledDays));
        staleDays = Collections.unmodifiableNavigableSet(new TreeSet<>(staleDays));
    }

    /** A history in which no tiled day has events committed after its tiles. */
    public LakeHistory(NavigableSet<LocalDate> eventDays, NavigableSet<LocalDate> tiledDays) {
        this(eventDays, tiledDays, new TreeSet<>());
    }

    /**
     * The days from {@code first} to {@code last}, both included, of the lake {@code catalog}
     * opens; its tables must exist. Only the manifests whose partitions reach into those days are
     * read, not the whole history's.
     */
    public static LakeHistory read(Catalog catalog, LocalDate first, LocalDate last)
            throws Exception {
        Expression eventDays = eventsOf(first, last);
        // A date bound from its ISO text.
        Expression tileDays =
                Expressions.and(
                        Expressions.greaterThanOrEqual("day", first.toString()),
                        Expressions.lessThanOrEqual("day", last.toString()));
        Map<LocalDate, Long> rawRows = rawRowsByDay(catalog, eventDays);
        Map<LocalDate, Long> tiledFrom = new HashMap<>();
        addDays(
                catalog.loadTable(TableIdentifier.of(LakeTables.NAMESPACE, Tables.FEATURES_DAILY)),
                tileDays,
                tiledFrom,
                LakeHistory::tiledRawRows,
                // A day's tiles are all of one run (each replaces the whole day).
                Math::min);
        // A file's partition can be wider than the filter (a spec evolved from days): keep the
        // asked days only.
        NavigableSet<LocalDate> events = new TreeSet<>(rawRows.keySet());
        NavigableSet<LocalDate> tiled = new TreeSet<>(tiledFrom.keySet());
        events.removeIf(day -> day.isBefore(first) || day.isAfter(last));
        tiled.removeIf(day -> day.isBefore(first) || day.isAfter(last));
        NavigableSet<LocalDate> stale = new TreeSet<>();
        for (LocalDate day : tiled) {
            long recorded = tiledFrom.get(day);
            if (recorded >= 0 && recorded != rawRows.getOrDefault(day, 0L)) {
                stale.add(day);
            }
        }
        return new LakeHistory(events, tiled, stale);
    }

    /**
     * How many rows the raw tables hold for {@code day} now, by their files' record counts (their
     * manifests, no data file read): what a tiling run records in {@link #TILED_RAW_ROWS}. A
     * compaction leaves it as it is; events that came late raise it, an erasure lowers it.
     */
    public static long rawRows(Catalog catalog, LocalDate day) throws Exception {
        return rawRowsByDay(catalog, eventsOf(day, day)).getOrDefault(day, 0L);
    }

    /** The events from {@code first} to {@code last}, both included, in a raw table's terms. */
    private static Expression eventsOf(LocalDate first, LocalDate last) {
        long from = first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() * 1000;
        long to = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() * 1000;
        // Iceberg compares timestamptz in microseconds.
        return Expressions.and(
                Expressions.greaterThanOrEqual(RawTableSchemas.EVENT_TIME_COLUMN, from),
                Expressions.lessThan(RawTableSchemas.EVENT_TIME_COLUMN, to));
    }

    /** The rows of the raw tables' files {@code filter} selects, by day. */
    private static Map<LocalDate, Long> rawRowsByDay(Catalog catalog, Expression filter)
            throws Exception {
        Map<LocalDate, Long> rows = new HashMap<>();
        for (var topic : InputTopics.all()) {
            String raw = Tables.rawTableOf(topic.name()).orElseThrow();
            addDays(
                    catalog.loadTable(TableIdentifier.of(LakeTables.NAMESPACE, raw)),
                    filter,
                    rows,
                    (file, snapshots) -> file.recordCount(),
                    Long::sum);
        }
        return rows;
    }

    /**
     * The tiled days from {@code first} to {@code last} whose raw tables gained events after their
     * tiles were written, oldest first: a day tiled before all of it had arrived (a run before the
     * day settled, an ingest working off a backlog, events that came late). Its tiles lack those
     * events in every window over it until it is tiled again.
     */
    public List<LocalDate> stale(LocalDate first, LocalDate last) {
        if (last.isBefore(first)) {
            return List.of();
        }
        return List.copyOf(staleDays.subSet(first, true, last, true));
    }

    /**
     * The days from {@code first} to {@code last}, both included, that have events and no tiles,
     * oldest first.
     */
    public List<LocalDate> untiled(LocalDate first, LocalDate last) {
        if (last.isBefore(first)) {
            return List.of();
        }
        return eventDays.subSet(first, true, last, true).stream()
                .filter(day -> !tiledDays.contains(day))
                .toList();
    }

    /**
     * The warning for {@code untiled} days (oldest first) that a job reading tiles will fold as
     * days without activity, with the command that tiles them.
     */
    public static String untiledWarning(List<LocalDate> untiled, String reader) {
        return "warning: "
                + describe(untiled)
                + " with events and no tiles: "
                + reader
                + " count them as days without activity; tile them with `bin/convergent batch"
                + " backfill --from "
                + untiled.get(0)
                + " --to "
                + untiled.get(untiled.size() - 1)
                + " --steps features`";
    }

    /** "3 day(s) (2026-10-01 to 2026-10-03)" of {@code days}, oldest first. */
    public static String describe(List<LocalDate> days) {
        return days.size()
                + " day(s) ("
                + days.get(0)
                + (days.size() > 1 ? " to " + days.get(days.size() - 1) : "")
                + ")";
    }

    /** Whether any raw table has events of {@code day}. */
    public boolean hasEvents(LocalDate day) {
        return eventDays.contains(day);
    }

    /**
     * Adds the days of {@code table}'s files, with what {@code figure} makes of each file, merged
     * per day by {@code merge}: its partition on a day, the raw tables' {@code day(event_time)} and
     * {@code features_daily}'s {@code day}, both held as an epoch day.
     */
    private static void addDays(
            Table table,
            Expression filter,
            Map<LocalDate, Long> days,
            java.util.function.ToLongBiFunction<DataFile, Map<Long, Snapshot>> figure,
            java.util.function.BinaryOperator<Long> merge)
            throws Exception {
        Map<Long, Snapshot> bySequence = new HashMap<>();
        for (Snapshot snapshot : table.snapshots()) {
            bySequence.put(snapshot.sequenceNumber(), snapshot);
        }
        try (CloseableIterable<FileScanTask> files =
                table.newScan().filter(filter).ignoreResiduals().planFiles()) {
            for (FileScanTask task : files) {
                List<PartitionField> fields = task.spec().fields();
                int position = dayPosition(fields);
                if (position < 0) {
                    continue;
                }
                Integer day = task.file().partition().get(position, Integer.class);
                if (day != null) {
                    long value = figure.applyAsLong(task.file(), bySequence);
                    days.merge(LocalDate.ofEpochDay(day), value, merge);
                }
            }
        }
    }

    /**
     * The raw rows the run that wrote {@code file} of {@code features_daily} recorded ({@link
     * #TILED_RAW_ROWS}); -1 when not known (tiles of an earlier build, or a snapshot expired),
     * which never makes a day stale.
     */
    private static long tiledRawRows(DataFile file, Map<Long, Snapshot> bySequence) {
        Long sequence = file.dataSequenceNumber();
        Snapshot snapshot = sequence == null ? null : bySequence.get(sequence);
        String recorded = snapshot == null ? null : snapshot.summary().get(TILED_RAW_ROWS);
        if (recorded == null) {
            return -1;
        }
        try {
            return Long.parseLong(recorded);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The position of the spec's partition on a day, or -1: a spec evolved away from days. */
    private static int dayPosition(List<PartitionField> fields) {
        for (int i = 0; i < fields.size(); i++) {
            PartitionField field = fields.get(i);
            String transform = field.transform().toString();
            if (transform.equals("day")
                    || (transform.equals("identity") && field.name().equals("day"))) {
                return i;
            }
        }
        return -1;
    }
}
