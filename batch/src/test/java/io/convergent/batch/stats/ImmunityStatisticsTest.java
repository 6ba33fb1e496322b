package io.convergent.batch.stats;

import static io.convergent.batch.sql.TemporaryLake.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.batch.sql.TemporaryLake;
import io.convergent.common.table.Tables;
import io.convergent.streaming.lake.ImmunityStatisticsTables;
import io.convergent.streaming.lake.LakeTables;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The statistics recompute over a real catalog: what it counts, and that a re-run replaces. */
class ImmunityStatisticsTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-20");

    @RegisterExtension static final MiniClusterExtension CLUSTER = TemporaryLake.sharedCluster();

    @TempDir Path directory;

    private TableEnvironment env;
    private java.util.Map<String, String> lake;

    @BeforeEach
    void lake() throws Exception {
        TemporaryLake temporary = new TemporaryLake(directory);
        lake = temporary.properties();
        env = temporary.sql();
        insertDecisions(decisions());
    }

    private static String[] decisions() {
        return new String[] {
            // Two spoofed calls from two numbers, one of them written twice (a repeat after a
            // restart shares its decision id).
            block("d1", "SPOOFING", "OUR_NUMBER_FROM_OUTSIDE", "a", "s1", "2026-11-20T08:00:00Z"),
            block("d1", "SPOOFING", "OUR_NUMBER_FROM_OUTSIDE", "a", "s1", "2026-11-20T08:00:00Z"),
            block("d2", "SPOOFING", "OUR_NUMBER_FROM_OUTSIDE", "b", "s2", "2026-11-20T23:59:59Z"),
            block("d3", "MASS_DIALLING", "MASS_DIALLING", "c", "s1", "2026-11-20T10:00:00Z"),
            block("d4", "MASS_DIALLING", "MASS_DIALLING", "c", "s2", "2026-11-20T10:01:00Z"),
            // The day before and the day after: other days' figures.
            block("d5", "SPOOFING", "OUR_NUMBER_FROM_OUTSIDE", "a", "s1", "2026-11-19T23:59:59Z"),
            block("d6", "SPOOFING", "OUR_NUMBER_FROM_OUTSIDE", "a", "s1", "2026-11-21T00:00:00Z"),
            // Hints: s1 gets three in November (two on other days), one in October.
            hint(
                    "h1",
                    "SPOOFING",
                    "DOMESTIC_MOBILE_VIA_INTERNATIONAL",
                    "e",
                    "s1",
                    "2026-11-20T09:00:00Z",
                    "POSSIBLE_FRAUD"),
            hint(
                    "h2",
                    "REPUTATION",
                    "POOR_REPUTATION",
                    "f",
                    "s1",
                    "2026-11-02T09:00:00Z",
                    "POSSIBLE_SPAM"),
            hint(
                    "h3",
                    "REPUTATION",
                    "POOR_REPUTATION",
                    "f",
                    "s1",
                    "2026-11-30T23:00:00Z",
                    "POSSIBLE_SPAM"),
            hint(
                    "h4",
                    "REPUTATION",
                    "POOR_REPUTATION",
                    "f",
                    "s1",
                    "2026-10-31T23:00:00Z",
                    "POSSIBLE_SPAM"),
            hint(
                    "h5",
                    "REPUTATION",
                    "POOR_REPUTATION",
                    "f",
                    "s3",
                    "2026-11-20T12:00:00Z",
                    "POSSIBLE_SPAM")
        };
    }

    @Test
    void countsTheDaysDecisionsPerLayerAndReason() throws Exception {
        ImmunityStatistics.recompute(env, DAY);

        assertThat(daily()).containsExactlyInAnyOrderElementsOf(DAY_FIGURES);
    }

    /** The day's figures from {@link #decisions}: mass dialling tells the three counts apart. */
    private static final List<String> DAY_FIGURES =
            List.of(
                    "2026-11-20 MASS_DIALLING BLOCK MASS_DIALLING calls=2 callers=1 callees=2",
                    "2026-11-20 REPUTATION ALLOW POOR_REPUTATION calls=1 callers=1 callees=1",
                    "2026-11-20 SPOOFING ALLOW DOMESTIC_MOBILE_VIA_INTERNATIONAL calls=1"
                            + " callers=1 callees=1",
                    "2026-11-20 SPOOFING BLOCK OUR_NUMBER_FROM_OUTSIDE calls=2 callers=2"
                            + " callees=2");

    @Test
    void aTableAnOlderBuildMadeGetsEachFigureInItsColumn() throws Exception {
        TemporaryLake older =
                new TemporaryLake(java.nio.file.Files.createDirectory(directory.resolve("older")));
        LakeTables.prepare(
                older.properties(),
                catalog -> {
                    // Made without 'calls': bringing it up to date appends calls at its end.
                    LakeTables.ensureNamespace(catalog);
                    Schema withoutCalls =
                            new Schema(
                                    ImmunityStatisticsTables.DAILY_SCHEMA.columns().stream()
                                            .filter(c -> !c.name().equals("calls"))
                                            .toList());
                    catalog.createTable(
                            TableIdentifier.of(LakeTables.NAMESPACE, Tables.IMMUNITY_DAILY_STATS),
                            withoutCalls,
                            PartitionSpec.builderFor(withoutCalls).identity("day").build());
                });
        env = older.sql();
        insertDecisions(decisions());

        ImmunityStatistics.recompute(env, DAY);

        assertThat(daily()).containsExactlyInAnyOrderElementsOf(DAY_FIGURES);
    }

    @Test
    void countsHintsPerSubscriberOverTheWholeMonth() throws Exception {
        ImmunityStatistics.recompute(env, DAY);

        assertThat(hints())
                .containsExactlyInAnyOrder(
                        "2026-11-01 s1 hints=3 fraud=1 spam=2 callers=2 last=2026-11-30T23:00:00Z",
                        "2026-11-01 s3 hints=1 fraud=0 spam=1 callers=1 last=2026-11-20T12:00:00Z");
    }

    @Test
    void aReRunReplacesTheFiguresInsteadOfAddingToThem() throws Exception {
        ImmunityStatistics.recompute(env, DAY);
        ImmunityStatistics.recompute(env, DAY);
        assertThat(daily()).hasSize(4);
        assertThat(hints()).hasSize(2);

        insertDecisions(
                block("d7", "MASS_DIALLING", "MASS_DIALLING", "g", "s3", "2026-11-20T11:00:00Z"));
        ImmunityStatistics.recompute(env, DAY);

        assertThat(daily())
                .contains(
                        "2026-11-20 MASS_DIALLING BLOCK MASS_DIALLING calls=3 callers=2 callees=3")
                .hasSize(4);
    }

    @Test
    void aDayWhoseDecisionsAreGoneIsEmptiedByItsReRun() throws Exception {
        ImmunityStatistics.recompute(env, DAY);
        assertThat(daily()).hasSize(4);

        // Every decision removed (an erasure): the re-run writes no row for the day, and a
        // dynamic overwrite alone would leave the earlier run's figures standing.
        LakeTables.prepare(
                lake,
                catalog ->
                        catalog.loadTable(
                                        TableIdentifier.of(
                                                LakeTables.NAMESPACE, Tables.IMMUNITY_DECISIONS))
                                .newDelete()
                                .deleteFromRowFilter(
                                        org.apache.iceberg.expressions.Expressions.alwaysTrue())
                                .commit());
        io.convergent.batch.lake.DayReplacement replacing =
                io.convergent.batch.lake.DayReplacement.before(
                        lake, Tables.IMMUNITY_DAILY_STATS, "day", DAY);
        ImmunityStatistics.recompute(env, DAY);
        assertThat(daily()).hasSize(4);

        assertThat(replacing.complete()).isPositive();
        assertThat(daily()).isEmpty();
    }

    @Test
    void otherDaysAreLeftAlone() throws Exception {
        ImmunityStatistics.recompute(env, DAY.minusDays(1));
        ImmunityStatistics.recompute(env, DAY);

        assertThat(daily())
                .contains(
                        "2026-11-19 SPOOFING BLOCK OUR_NUMBER_FROM_OUTSIDE calls=1 callers=1"
                                + " callees=1")
                .hasSize(5);
    }

    private List<String> daily() throws Exception {
        return rows(env, "SELECT * FROM immunity_daily_stats").stream()
                .map(
                        row ->
                                row.getField("day")
                                        + " "
                                        + row.getField("layer")
                                        + " "
                                        + row.getField("action")
                                        + " "
                                        + row.getField("reason")
                                        + " calls="
                                        + row.getField("calls")
                                        + " callers="
                                        + row.getField("callers")
                                        + " callees="
                                        + row.getField("callees"))
                .collect(Collectors.toList());
    }

    private List<String> hints() throws Exception {
        return rows(env, "SELECT * FROM immunity_hints_monthly").stream()
                .map(
                        row ->
                                row.getField("month")
                                        + " "
                                        + row.getField("subscriber")
                                        + " hints="
                                        + row.getField("hints")
                                        + " fraud="
                                        + row.getField("possible_fraud")
                                        + " spam="
                                        + row.getField("possible_spam")
                                        + " callers="
                                        + row.getField("distinct_callers")
                                        + " last="
                                        + row.getField("last_hint_at"))
                .collect(Collectors.toList());
    }

    private void insertDecisions(String... values) throws Exception {
        env.executeSql("INSERT INTO immunity_decisions VALUES " + String.join(", ", values))
                .await();
    }

    private static String block(
            String id, String layer, String reason, String caller, String callee, String time) {
        return decision(id, "BLOCK", layer, reason, caller, callee, time, "NULL", "NULL");
    }

    private static String hint(
            String id,
            String layer,
            String reason,
            String caller,
            String callee,
            String time,
            String label) {
        return decision(id, "ALLOW", layer, reason, caller, callee, time, "'" + label + "'", "0.8");
    }

    private static String decision(
            String id,
            String action,
            String layer,
            String reason,
            String caller,
            String callee,
            String time,
            String label,
            String confidence) {
        String at = "TO_TIMESTAMP_LTZ(" + Instant.parse(time).toEpochMilli() + ", 3)";
        return String.join(
                ", ",
                "('" + id + "'",
                "'e-" + id + "'",
                "'c-" + id + "'",
                "'" + action + "'",
                "'" + layer + "'",
                "'" + reason + "'",
                "'" + caller + "'",
                "'" + callee + "'",
                "'OUR_MOBILE'",
                "'INTERCONNECT'",
                at,
                at,
                "CAST(" + label + " AS STRING)",
                "CAST(" + confidence + " AS DOUBLE)",
                "CAST(NULL AS DOUBLE))");
    }
}
