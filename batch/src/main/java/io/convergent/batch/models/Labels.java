package io.convergent.batch.models;

import io.convergent.common.models.LabelDefinition;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

/**
 * Reads a model's labels from the lake with Flink SQL. One query per model: the days on which each
 * subscriber had a matching event, over the span every as-of day's horizon covers; the labels of
 * each as-of day are then decided here.
 */
final class Labels {

    /** A label observed for a subscriber as of a day (the label-column form). */
    record Observation(String subscriber, LocalDate asOf, int label) {}

    private final TableEnvironment sql;

    Labels(TableEnvironment sql) {
        this.sql = sql;
    }

    /**
     * For each of {@code asOfDays}, the subscribers with an event matching the label in the horizon
     * after it: the days {@code (asOf, asOf + horizon]}. Nothing at or before an as-of day is ever
     * read for it.
     */
    Map<LocalDate, Set<String>> subscribersWithEvent(
            LabelDefinition label, List<LocalDate> asOfDays) throws Exception {
        TreeSet<LocalDate> days = new TreeSet<>(asOfDays);
        long from = millis(days.first().plusDays(1));
        long to = millis(days.last().plusDays(1 + label.horizonDays()));
        String query =
                "SELECT DISTINCT "
                        + quote(label.subscriberColumn())
                        + " AS s, CAST("
                        + quote(label.timeColumn())
                        + " AS DATE) AS d FROM "
                        + table(label)
                        + " WHERE ("
                        + label.where()
                        + ") AND "
                        + quote(label.timeColumn())
                        + " >= TO_TIMESTAMP_LTZ("
                        + from
                        + ", 3) AND "
                        + quote(label.timeColumn())
                        + " < TO_TIMESTAMP_LTZ("
                        + to
                        + ", 3) AND "
                        + quote(label.subscriberColumn())
                        + " IS NOT NULL";
        Map<String, List<LocalDate>> eventDays = new HashMap<>();
        for (Row row : rows(query)) {
            eventDays
                    .computeIfAbsent((String) row.getField("s"), s -> new ArrayList<>())
                    .add((LocalDate) row.getField("d"));
        }
        Map<LocalDate, Set<String>> positives = new HashMap<>();
        for (LocalDate asOf : days) {
            LocalDate last = asOf.plusDays(label.horizonDays());
            Set<String> subscribers = new HashSet<>();
            eventDays.forEach(
                    (subscriber, seen) -> {
                        for (LocalDate d : seen) {
                            if (d.isAfter(asOf) && !d.isAfter(last)) {
                                subscribers.add(subscriber);
                                return;
                            }
                        }
                    });
            positives.put(asOf, subscribers);
        }
        return positives;
    }

    /** Every row of a label-column table: subscriber, as-of day and a 0/1 label. */
    List<Observation> observations(LabelDefinition label) throws Exception {
        String query =
                "SELECT "
                        + quote(label.subscriberColumn())
                        + " AS s, CAST("
                        + quote(label.asOfColumn())
                        + " AS DATE) AS d, "
                        + quote(label.labelColumn())
                        + " AS l FROM "
                        + table(label)
                        + " WHERE "
                        + quote(label.subscriberColumn())
                        + " IS NOT NULL AND "
                        + quote(label.labelColumn())
                        + " IS NOT NULL";
        List<Observation> observations = new ArrayList<>();
        for (Row row : rows(query)) {
            observations.add(
                    new Observation(
                            row.getField("s").toString(),
                            (LocalDate) row.getField("d"),
                            asLabel(row.getField("l"), label)));
        }
        return observations;
    }

    private static int asLabel(Object value, LabelDefinition label) {
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof Number n && (n.doubleValue() == 0 || n.doubleValue() == 1)) {
            return n.intValue();
        }
        throw new IllegalArgumentException(
                label.table()
                        + "."
                        + label.labelColumn()
                        + " must hold true/false or 0/1, found "
                        + value.getClass().getSimpleName()
                        + " "
                        + (value instanceof Number ? value : "text"));
    }

    /**
     * Runs a label query. One Flink refuses (a table missing, a condition naming a column the table
     * lacks) is the specification's problem, not the run's: it is thrown as an {@link
     * IllegalArgumentException} with Flink's reason, so training goes on with the other models.
     */
    private List<Row> rows(String query) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = sql.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        } catch (ValidationException e) {
            throw new IllegalArgumentException("the label query is refused: " + e.getMessage(), e);
        }
        return rows;
    }

    private static String table(LabelDefinition label) {
        return "lake." + quote(label.namespace()) + "." + quote(label.tableName());
    }

    private static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private static long millis(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
