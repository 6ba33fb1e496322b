package io.convergent.batch.lake;

import io.convergent.streaming.lake.EventRowConverter;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.table.data.RowData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a raw table's rows back into events for a batch job, skipping a row this build cannot make
 * an event of (an enum constant a newer build wrote, a null where a column was added since): one
 * row must not fail a day, nor every day after it in a backfill. Each skipped row is counted in an
 * accumulator the run reports ({@link #skipped}); the first of a task is logged by its exception's
 * type only, since the message may quote a value.
 */
public final class RawRowReader<T extends Record> {

    private static final Logger LOG = LoggerFactory.getLogger(RawRowReader.class);
    private static final String ACCUMULATOR = "unreadable rows of ";

    private final EventRowConverter<T> converter;
    private final String table;
    private final LongCounter unreadable = new LongCounter();
    private long rows;

    /** Rows a task may skip before a share of more than one in a hundred stops the run. */
    static final long MOST_SKIPPED = 100;

    /** Registers the table's counter with the task's {@code context}; call from {@code open}. */
    public RawRowReader(EventRowConverter<T> converter, String table, RuntimeContext context) {
        this.converter = converter;
        this.table = table;
        context.addAccumulator(ACCUMULATOR + table, unreadable);
    }

    /**
     * The row's event, or null when it is none (counted).
     *
     * @throws IllegalStateException when more than {@value #MOST_SKIPPED} rows and more than one in
     *     a hundred of those read cannot be: a fault of the build or the table, not of some rows,
     *     and the job fails rather than replace the day with what little it could read
     */
    public T read(RowData row) {
        rows++;
        try {
            return converter.fromRow(row);
        } catch (RuntimeException e) {
            unreadable.add(1L);
            long skipped = unreadable.getLocalValue();
            if (skipped > MOST_SKIPPED && skipped * 100 > rows) {
                throw new IllegalStateException(
                        skipped
                                + " of the "
                                + rows
                                + " rows of "
                                + table
                                + " read so far cannot be read as events ("
                                + e.getClass().getSimpleName()
                                + "): not a bad row but a fault of the build or the table; the"
                                + " run stops and leaves the day as it was");
            }
            if (unreadable.getLocalValue() == 1L) {
                LOG.warn(
                        "A row of {} cannot be read as an event ({}): skipped, and every other"
                                + " such row of this task is counted",
                        table,
                        e.getClass().getSimpleName());
            }
            return null;
        }
    }

    /** The rows a finished job skipped, by raw table; empty when it skipped none. */
    public static Map<String, Long> skipped(JobExecutionResult result) {
        Map<String, Long> skipped = new TreeMap<>();
        result.getAllAccumulatorResults()
                .forEach(
                        (name, value) -> {
                            if (name.startsWith(ACCUMULATOR)
                                    && value instanceof Long count
                                    && count > 0) {
                                skipped.put(name.substring(ACCUMULATOR.length()), count);
                            }
                        });
        return skipped;
    }

    /** "3 of raw_calls, 1 of raw_sms": what a run says of {@link #skipped}. */
    public static String describe(Map<String, Long> skipped) {
        return String.join(
                ", ",
                skipped.entrySet().stream().map(e -> e.getValue() + " of " + e.getKey()).toList());
    }

    /** The name of the counter of {@code table}'s skipped rows. */
    public static String accumulatorOf(String table) {
        return ACCUMULATOR + table;
    }
}
