package io.convergent.common.models;

import java.util.Objects;
import java.util.Optional;

/**
 * What a model predicts, as a question over an Iceberg table. Two forms:
 *
 * <ul>
 *   <li><b>An event in the horizon</b> ({@link #where} set): a subscriber's label as of day D is 1
 *       when the table holds a row of theirs matching {@code where} with its time in the {@code
 *       horizonDays} days after D, else 0. Point-in-time by construction: the features stop at the
 *       end of D, the label starts after it.
 *   <li><b>A label column</b> ({@link #labelColumn} set): a table an analyst brought (for instance
 *       with {@code table import}) with a subscriber, a 0/1 or true/false label and the day it was
 *       observed as of ({@code asOfColumn}); the features are taken as of that day.
 * </ul>
 *
 * @param table the table, {@code name} in the {@code convergent} namespace or {@code
 *     namespace.name}
 * @param subscriberColumn the column holding the subscriber's pseudonymous number
 * @param where a Flink SQL condition on the table's columns (event form), else null
 * @param timeColumn the event's time column (event form), else null
 * @param horizonDays the days after the as-of day the event is looked for (event form), else 0
 * @param absent whether the label is 1 for the absence of the event (event form)
 * @param labelColumn the label column (label-column form), else null
 * @param asOfColumn the as-of date column (label-column form), else null
 */
public record LabelDefinition(
        String table,
        String subscriberColumn,
        String where,
        String timeColumn,
        int horizonDays,
        boolean absent,
        String labelColumn,
        String asOfColumn) {

    public LabelDefinition {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(subscriberColumn, "subscriberColumn");
        if ((where == null) == (labelColumn == null)) {
            throw new IllegalArgumentException("a label has either a condition or a label column");
        }
    }

    /** An event in the {@code horizonDays} after the as-of day. */
    public static LabelDefinition event(
            String table,
            String subscriberColumn,
            String where,
            String timeColumn,
            int horizon,
            boolean absent) {
        return new LabelDefinition(
                table,
                subscriberColumn,
                Objects.requireNonNull(where, "where"),
                Objects.requireNonNull(timeColumn, "timeColumn"),
                horizon,
                absent,
                null,
                null);
    }

    /** A label column observed as of the day in {@code asOfColumn}. */
    public static LabelDefinition column(
            String table, String subscriberColumn, String labelColumn, String asOfColumn) {
        return new LabelDefinition(
                table,
                subscriberColumn,
                null,
                null,
                0,
                false,
                Objects.requireNonNull(labelColumn, "labelColumn"),
                Objects.requireNonNull(asOfColumn, "asOfColumn"));
    }

    public boolean isEvent() {
        return where != null;
    }

    /** The table's namespace: {@code convergent} unless the name says another. */
    public String namespace() {
        int dot = table.indexOf('.');
        return dot < 0 ? "convergent" : table.substring(0, dot);
    }

    /** The table's name without its namespace. */
    public String tableName() {
        int dot = table.indexOf('.');
        return dot < 0 ? table : table.substring(dot + 1);
    }

    public Optional<String> condition() {
        return Optional.ofNullable(where);
    }
}
