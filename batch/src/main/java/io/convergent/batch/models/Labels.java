package io.convergent.batch.models;

import io.convergent.batch.sql.LakeSql;
import io.convergent.common.models.LabelDefinition;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.table.api.SqlParserException;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads models' labels from the lake with Flink SQL: the days on which each subscriber had a
 * matching event, over the span every as-of day's horizon covers (one query per table for the
 * labels read ahead, else one per label); the labels of each as-of day are then decided here.
 */
final class Labels implements AutoCloseable {

    /** A label observed for a subscriber as of a day (the label-column form). */
    record Observation(String subscriber, LocalDate asOf, int label) {}

    private static final Logger LOG = LoggerFactory.getLogger(Labels.class);

    /**
     * The days {@code [from, to)} a label query reads: from the day after the first as-of day to
     * the end of the last one's horizon.
     */
    private record Span(LocalDate from, LocalDate to) {
        static Span of(LabelDefinition label, Collection<LocalDate> asOfDays) {
            TreeSet<LocalDate> days = new TreeSet<>(asOfDays);
            return new Span(
                    days.first().plusDays(1), days.last().plusDays(1 + label.horizonDays()));
        }

        boolean covers(Span other) {
            return !from.isAfter(other.from) && !to.isBefore(other.to);
        }

        Span union(Span other) {
            return other == null
                    ? this
                    : new Span(
                            from.isBefore(other.from) ? from : other.from,
                            to.isAfter(other.to) ? to : other.to);
        }
    }

    /** A label's event days read ahead: by subscriber, the days in {@code span} with an event. */
    private record EventDays(Span span, Map<String, List<LocalDate>> days) {}

    private final TableEnvironment sql;
    private final Map<LabelDefinition, EventDays> readAhead = new HashMap<>();
    private int queries;

    /** Takes {@code sql} over: closed with this. */
    Labels(TableEnvironment sql) {
        this.sql = sql;
    }

    /** Closes the environment's lake catalog. */
    @Override
    public void close() {
        LakeSql.close(sql);
    }

    /**
     * For each of {@code asOfDays}, the subscribers with an event matching the label in the horizon
     * after it: the days {@code (asOf, asOf + horizon]}. Nothing at or before an as-of day is ever
     * read for it.
     */
    Map<LocalDate, Set<String>> subscribersWithEvent(
            LabelDefinition label, List<LocalDate> asOfDays) throws Exception {
        Span span = Span.of(label, asOfDays);
        EventDays read = readAhead.get(label);
        Map<String, List<LocalDate>> eventDays =
                read != null && read.span.covers(span)
                        ? read.days
                        : eventDays(List.of(label), span).get(0);
        Map<LocalDate, Set<String>> positives = new HashMap<>();
        for (LocalDate asOf : new TreeSet<>(asOfDays)) {
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

    /**
     * Reads ahead the event days of many event labels, one query per table (and subscriber and time
     * column) for all the labels on it, instead of one per label: each query is a Flink job and a
     * scan of the table. {@link #subscribersWithEvent} then answers from what was read. A query
     * that fails (a condition the table refuses, one that does not parse) is dropped: each of its
     * labels is then read alone, so the failure names the one at fault.
     *
     * @param asOfDays by label, the as-of days it will be asked for
     */
    void readAhead(Map<LabelDefinition, ? extends Collection<LocalDate>> asOfDays)
            throws Exception {
        Map<List<String>, List<LabelDefinition>> byTable = new LinkedHashMap<>();
        asOfDays.keySet().stream()
                .filter(LabelDefinition::isEvent)
                .forEach(
                        label ->
                                byTable.computeIfAbsent(
                                                List.of(
                                                        label.namespace(),
                                                        label.tableName(),
                                                        label.subscriberColumn(),
                                                        label.timeColumn()),
                                                t -> new ArrayList<>())
                                        .add(label));
        for (List<LabelDefinition> labels : byTable.values()) {
            Span span = null;
            for (LabelDefinition label : labels) {
                span = Span.of(label, asOfDays.get(label)).union(span);
            }
            List<Map<String, List<LocalDate>>> days;
            try {
                days = eventDays(labels, span);
            } catch (Exception refused) {
                // Read alone, each label then fails or succeeds on its own, under its model's name.
                LOG.info(
                        "Labels on {} read one by one: together they failed ({})",
                        labels.get(0).table(),
                        refused.getMessage());
                continue;
            }
            for (int i = 0; i < labels.size(); i++) {
                readAhead.put(labels.get(i), new EventDays(span, days.get(i)));
            }
        }
    }

    /**
     * One query for labels of one table: for each label, the days in {@code span} on which each
     * subscriber had a matching event.
     */
    private List<Map<String, List<LocalDate>>> eventDays(List<LabelDefinition> labels, Span span)
            throws Exception {
        LabelDefinition first = labels.get(0);
        StringBuilder matches = new StringBuilder();
        StringBuilder any = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            // On lines of its own: a "--" comment in one condition ends at its line.
            String where = "(\n" + labels.get(i).where() + "\n)";
            matches.append(", CASE WHEN ")
                    .append(where)
                    .append(" THEN 1 ELSE 0 END AS m")
                    .append(i);
            any.append(i == 0 ? "" : " OR ").append(where);
        }
        String query =
                "SELECT DISTINCT "
                        + quote(first.subscriberColumn())
                        + " AS s, CAST("
                        + quote(first.timeColumn())
                        + " AS DATE) AS d"
                        + matches
                        + " FROM "
                        + table(first)
                        + " WHERE ("
                        + any
                        + ") AND "
                        + quote(first.timeColumn())
                        + " >= TO_TIMESTAMP_LTZ("
                        + millis(span.from)
                        + ", 3) AND "
                        + quote(first.timeColumn())
                        + " < TO_TIMESTAMP_LTZ("
                        + millis(span.to)
                        + ", 3) AND "
                        + quote(first.subscriberColumn())
                        + " IS NOT NULL";
        List<Map<String, List<LocalDate>>> days = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            days.add(new HashMap<>());
        }
        for (Row row : rows(query)) {
            for (int i = 0; i < labels.size(); i++) {
                if (((Number) row.getField("m" + i)).intValue() == 1) {
                    days.get(i)
                            .computeIfAbsent((String) row.getField("s"), s -> new ArrayList<>())
                            .add((LocalDate) row.getField("d"));
                }
            }
        }
        return days;
    }

    /**
     * Why Flink refuses {@code label}'s query, checked without running it (parsed and validated
     * against its table): a condition that does not parse, names a column the table lacks, or a
     * table that is not there; empty when it is accepted. Positions in the message are those of the
     * label's own {@code where} text, and the parser's list of what it expected is left out.
     */
    java.util.Optional<String> refusal(LabelDefinition label) {
        String query;
        int whereLines = 0;
        if (label.isEvent()) {
            // The condition alone from the second line on: its positions are ours minus one line.
            whereLines = (int) label.where().lines().count();
            query =
                    "SELECT "
                            + quote(label.subscriberColumn())
                            + ", CAST("
                            + quote(label.timeColumn())
                            + " AS DATE) FROM "
                            + table(label)
                            + " WHERE (\n"
                            + label.where()
                            + "\n)";
        } else {
            query =
                    "SELECT "
                            + quote(label.subscriberColumn())
                            + ", CAST("
                            + quote(label.asOfColumn())
                            + " AS DATE), "
                            + quote(label.labelColumn())
                            + " FROM "
                            + table(label);
        }
        try {
            sql.sqlQuery(query);
            return java.util.Optional.empty();
        } catch (ValidationException | SqlParserException e) {
            return java.util.Optional.of(
                    readable(e.getMessage(), label.isEvent() ? label.where() : ""));
        } catch (RuntimeException e) {
            // Not a refusal of the label (the catalog failed to answer, say): training reads it
            // and reports what then happens, under this model's name.
            LOG.warn("Could not check the label of {}: {}", label.table(), e.toString());
            return java.util.Optional.empty();
        }
    }

    private static final java.util.regex.Pattern POSITION =
            java.util.regex.Pattern.compile("line (\\d+), column (\\d+)");

    /**
     * Flink's refusal as a user reads it: its first lines without the parser's "Was expecting one
     * of" list (hundreds of lines), and a position inside the condition (lines 2 to {@code
     * whereLines + 1} of the checking query) given in the condition's own lines.
     *
     * @param where the condition as written; empty for a label column
     */
    static String readable(String message, String where) {
        int whereLines = where.isEmpty() ? 0 : (int) where.lines().count();
        String text = message == null ? "refused" : message;
        int expecting = text.indexOf("Was expecting");
        if (expecting >= 0) {
            text = text.substring(0, expecting);
        }
        text = text.strip().replaceAll("\\s*\\n\\s*", " ");
        java.util.regex.Matcher m = POSITION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int line = Integer.parseInt(m.group(1));
            String replacement =
                    line >= 2 && line <= whereLines + 1
                            ? "line " + (line - 1) + ", column " + m.group(2) + " of `where`"
                            : m.group();
            if (line == whereLines + 2) {
                // The ")" the check closes the condition with: it ended too soon.
                replacement = "the end of `where`";
            }
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        // What the parser met on the check's own closing line ("<EOF>", ")"): a ")" too many
        // closed the condition early, or it ended before it was whole (a bracket or a quote left
        // open, an operator without its operand).
        long opened = where.chars().filter(c -> c == '(').count();
        long closed = where.chars().filter(c -> c == ')').count();
        String why =
                closed > opened
                        ? "SQL parse failed. `where` has a ')' with no '(' before it"
                        : "SQL parse failed. The condition ends too soon (a bracket or a quote left"
                                + " open?)";
        return out.toString()
                .replaceAll(
                        "(SQL parse failed\\. )?Encountered \"[^\"]*\" at the end of `where`",
                        java.util.regex.Matcher.quoteReplacement(why));
    }

    /** The label queries run so far (each a Flink job). */
    int queries() {
        return queries;
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
        queries++;
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = sql.executeSql(query).collect()) {
            it.forEachRemaining(rows::add);
        } catch (ValidationException | SqlParserException e) {
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
