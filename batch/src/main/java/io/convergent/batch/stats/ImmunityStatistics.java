package io.convergent.batch.stats;

import io.convergent.common.immunity.CallAction;
import io.convergent.common.immunity.HintLabel;
import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.ImmunityStatisticsTables;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.iceberg.Schema;

/**
 * Recomputes the business's Digital Immunity figures for one UTC day from {@code
 * immunity_decisions}: {@code immunity_daily_stats} for the day and {@code immunity_hints_monthly}
 * for the day's month, both in one Flink batch job. Each statement overwrites the partitions it
 * writes, so a re-run replaces the figures instead of adding to them. Counts are of distinct
 * decision ids, so a decision an at-least-once writer repeated counts once.
 *
 * <p>Every flagged decision (action ALLOW with a reason) is exactly one hint on {@code
 * immunity.hints}, which is why hints are counted from the decisions table.
 */
public final class ImmunityStatistics {

    private ImmunityStatistics() {}

    /** Runs the recompute for {@code day} and waits for it. */
    public static void recompute(TableEnvironment env, LocalDate day)
            throws InterruptedException, ExecutionException {
        StatementSet statements = env.createStatementSet();
        statements.addInsertSql(dailyStatement(day));
        statements.addInsertSql(hintsMonthlyStatement(day.withDayOfMonth(1)));
        statements.execute().await();
    }

    static String dailyStatement(LocalDate day) {
        return "INSERT OVERWRITE "
                + Tables.IMMUNITY_DAILY_STATS
                + columnsOf(ImmunityStatisticsTables.DAILY_SCHEMA)
                + " SELECT DATE '"
                + day
                + "' AS `day`, layer, action, reason,"
                + " COUNT(DISTINCT decision_id), COUNT(DISTINCT caller), COUNT(DISTINCT callee)"
                + " FROM "
                + Tables.IMMUNITY_DECISIONS
                + " WHERE "
                + callTimeWithin(day, day.plusDays(1))
                + " GROUP BY layer, action, reason";
    }

    static String hintsMonthlyStatement(LocalDate month) {
        return "INSERT OVERWRITE "
                + Tables.IMMUNITY_HINTS_MONTHLY
                + columnsOf(ImmunityStatisticsTables.HINTS_MONTHLY_SCHEMA)
                + " SELECT DATE '"
                + month
                + "' AS `month`, callee AS subscriber, COUNT(DISTINCT decision_id),"
                + countOfLabel(HintLabel.POSSIBLE_FRAUD)
                + ","
                + countOfLabel(HintLabel.POSSIBLE_SPAM)
                + ", COUNT(DISTINCT caller), MAX(call_time)"
                + " FROM "
                + Tables.IMMUNITY_DECISIONS
                + " WHERE action = '"
                + CallAction.ALLOW
                + "' AND "
                + callTimeWithin(month, month.plusMonths(1))
                + " GROUP BY callee";
    }

    /**
     * The target columns named, in the declared order the SELECT lists them: an INSERT without them
     * fills the table's columns by position, and a table an older build made has the columns
     * declared since at its end.
     */
    private static String columnsOf(Schema declared) {
        return declared.columns().stream()
                .map(c -> "`" + c.name() + "`")
                .collect(Collectors.joining(", ", " (", ")"));
    }

    private static String countOfLabel(HintLabel label) {
        return " COUNT(DISTINCT CASE WHEN hint_label = '"
                + label.name()
                + "' THEN decision_id END)";
    }

    /** {@code call_time} in [from, to), UTC days, as millisecond bounds Iceberg can prune on. */
    private static String callTimeWithin(LocalDate from, LocalDate to) {
        return "call_time >= TO_TIMESTAMP_LTZ("
                + startOf(from)
                + ", 3) AND call_time < TO_TIMESTAMP_LTZ("
                + startOf(to)
                + ", 3)";
    }

    private static long startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
