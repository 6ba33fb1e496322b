package io.convergent.batch.lake;

import io.convergent.streaming.lake.LakeTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Makes a batch run of one day the whole truth of that day in a table it writes with a dynamic
 * overwrite. A dynamic overwrite replaces only the partitions the run writes rows into: a re-run
 * that finds nothing for the day (its raw rows removed, every subscriber gone) or no longer writes
 * one of its partitions (a model dropped from the registry) would leave the earlier run's rows
 * standing. Taken before the run, this remembers the day's files; {@link #complete()} after the
 * run's commit removes those the run did not replace.
 */
public final class DayReplacement {

    private final Map<String, String> catalogProperties;
    private final String table;
    private final String dayColumn;
    private final LocalDate day;
    private final Set<String> filesBefore;

    private DayReplacement(
            Map<String, String> catalogProperties,
            String table,
            String dayColumn,
            LocalDate day,
            Set<String> filesBefore) {
        this.catalogProperties = catalogProperties;
        this.table = table;
        this.dayColumn = dayColumn;
        this.day = day;
        this.filesBefore = filesBefore;
    }

    /**
     * Remembers the files of {@code day} in {@code table}, partitioned by identity on {@code
     * dayColumn} (a date or an epoch-day int), before a run rewrites the day.
     */
    public static DayReplacement before(
            Map<String, String> catalogProperties, String table, String dayColumn, LocalDate day)
            throws Exception {
        Objects.requireNonNull(day, "day");
        Map<String, String> properties = Map.copyOf(catalogProperties);
        Set<String> files = new HashSet<>();
        LakeTables.withCatalog(
                properties,
                catalog -> {
                    // A table the run is about to create has no earlier run to replace.
                    if (catalog.tableExists(TableIdentifier.of(LakeTables.NAMESPACE, table))) {
                        for (DataFile file : filesOf(loaded(catalog, table), dayColumn, day)) {
                            files.add(file.location());
                        }
                    }
                    return null;
                });
        return new DayReplacement(properties, table, dayColumn, day, files);
    }

    /**
     * After the run's commit: removes from the day the files that were there before it and are
     * still there, which the run did not replace. Returns how many it removed.
     */
    public int complete() throws Exception {
        if (filesBefore.isEmpty()) {
            return 0;
        }
        return LakeTables.withCatalog(
                catalogProperties,
                catalog -> {
                    Table loaded = loaded(catalog, table);
                    List<DataFile> leftOver = new ArrayList<>();
                    for (DataFile file : filesOf(loaded, dayColumn, day)) {
                        if (filesBefore.contains(file.location())) {
                            leftOver.add(file);
                        }
                    }
                    if (!leftOver.isEmpty()) {
                        DeleteFiles delete = loaded.newDelete();
                        leftOver.forEach(delete::deleteFile);
                        delete.commit();
                    }
                    return leftOver.size();
                });
    }

    /** The table this replaces a day of. */
    public String table() {
        return table;
    }

    private static Table loaded(org.apache.iceberg.catalog.Catalog catalog, String table) {
        return catalog.loadTable(TableIdentifier.of(LakeTables.NAMESPACE, table));
    }

    private static List<DataFile> filesOf(Table table, String dayColumn, LocalDate day) {
        List<DataFile> files = new ArrayList<>();
        if (table.currentSnapshot() == null) {
            return files;
        }
        try (CloseableIterable<FileScanTask> tasks =
                table.newScan()
                        .filter(Expressions.equal(dayColumn, (int) day.toEpochDay()))
                        .planFiles()) {
            for (FileScanTask task : tasks) {
                files.add(task.file());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
