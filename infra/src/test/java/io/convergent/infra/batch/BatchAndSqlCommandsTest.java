package io.convergent.infra.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.infra.lake.LakeCatalogs;
import io.convergent.infra.sql.SqlCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code batch run} and {@code sql} as a user runs them, on a real lake in a data directory: the
 * statistics of a day come out of the decisions written with SQL, and bad arguments are refused
 * with a message that names them.
 */
class BatchAndSqlCommandsTest {

    @TempDir Path dataDir;

    @Test
    void aDaysRunCountsWhatTheDecisionsTableHoldsAndSqlShowsIt() throws Exception {
        LakeCatalogs.open(dataDir).close();
        assertThat(batch("run", "--day", "2026-11-20").code).isZero();

        Result insert =
                sql(
                        "--data-dir",
                        dataDir.toString(),
                        "--allow-platform-writes",
                        "INSERT INTO immunity_decisions VALUES "
                                + row("d1", "BLOCK", "MASS_DIALLING", "a", "s1")
                                + ", "
                                + row("d2", "BLOCK", "MASS_DIALLING", "a", "s2"));
        assertThat(insert.code).as(insert.err).isZero();
        assertThat(insert.out).isEqualTo("OK\n");
        Result run = batch("run", "--day", "2026-11-20");
        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("2026-11-20  immunity statistics").contains("(1 of 1)");

        Result csv =
                sql(
                        "--data-dir",
                        dataDir.toString(),
                        "--format",
                        "csv",
                        "SELECT `day`, layer, action, calls, callers, callees"
                                + " FROM immunity_daily_stats");
        assertThat(csv.code).as(csv.err).isZero();
        assertThat(csv.out)
                .isEqualTo(
                        "day,layer,action,calls,callers,callees\n"
                                + "2026-11-20,MASS_DIALLING,BLOCK,2,1,2\n");

        Result table =
                sql(
                        "--data-dir",
                        dataDir.toString(),
                        "SELECT layer, calls FROM immunity_daily_stats");
        assertThat(table.out)
                .isEqualTo(
                        "layer         | calls\n"
                                + "--------------+------\n"
                                + "MASS_DIALLING | 2\n"
                                + "(1 row)\n");

        Result json =
                sql(
                        "--data-dir",
                        dataDir.toString(),
                        "--format",
                        "json",
                        "SELECT layer, calls FROM immunity_daily_stats");
        assertThat(json.out).isEqualTo("{\"layer\":\"MASS_DIALLING\",\"calls\":2}\n");
    }

    @Test
    void aDayNotYetOverIsNotPublishedAsABatchView() throws Exception {
        LakeCatalogs.open(dataDir).close();
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        Result run = batch("run", "--day", today, "--steps", "publish_view");
        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains(today + "  batch view not published: the day is not over");
    }

    @Test
    void aRefusedLabelIsSaidOnceBeforeTheStepsAndItsModelIsSkipped() throws Exception {
        LakeCatalogs.open(dataDir).close();
        Path specs = Files.createDirectory(dataDir.resolve("specs"));
        Files.writeString(
                specs.resolve("typo.yaml"),
                Files.readString(Path.of("..", "models", "complaint_14d.yaml"))
                        .replace("complaint_14d", "typo_14d")
                        .replace("TRUE", "categroy = 'BILLING'"));

        Result run =
                batch(
                        "run",
                        "--day",
                        "2026-11-20",
                        "--steps",
                        "features,models",
                        "--models",
                        specs.toString());

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out.lines().filter(line -> line.contains("typo_14d")))
                .singleElement()
                .asString()
                .startsWith(
                        "warning: model typo_14d will not be trained: its label is refused: SQL"
                                + " validation failed.")
                .contains("Column 'categroy' not found");
        assertThat(run.out)
                .contains("2026-11-20  features_daily")
                .contains("2026-11-20  models: 0 trained, 1 not");
        assertThat(run.out.indexOf("warning: model typo_14d"))
                .as("said before the steps")
                .isLessThan(run.out.indexOf("2026-11-20  features_daily"));
    }

    @Test
    void aDaySettlesOnceItsLateButOnTimeEventsCanHaveLanded() {
        // Events up to 5 minutes late are on time, and land with the next checkpoint's commit.
        assertThat(BatchCommand.settles(java.time.LocalDate.parse("2026-11-20")))
                .isEqualTo(java.time.Instant.parse("2026-11-21T00:06:00Z"));
    }

    @Test
    void aReRunOfAnEarlierDayLeavesTheLaterViewServed() throws Exception {
        LakeCatalogs.open(dataDir).close();
        Result later = batch("run", "--day", "2026-11-20", "--steps", "publish_view");
        assertThat(later.out).as(later.err).contains("batch view 1 published");

        Result earlier = batch("run", "--day", "2026-11-18", "--steps", "publish_view");
        assertThat(earlier.code).as(earlier.err).isZero();
        assertThat(earlier.out)
                .contains(
                        "2026-11-18  batch view not published: view 1 already covers up to"
                                + " 2026-11-20");
        Result views =
                sql(
                        "--data-dir",
                        dataDir.toString(),
                        "SELECT version, cutoff_day FROM batch_views");
        assertThat(views.out).as(views.err).contains("2026-11-20").doesNotContain("2026-11-18");
    }

    @Test
    void thePlatformsTablesAreReadOnlyUnlessTheOperatorAsks() throws Exception {
        LakeCatalogs.open(dataDir).close();
        assertThat(batch("run", "--day", "2026-11-20").code).isZero();

        Result refused =
                sql(
                        "--data-dir",
                        dataDir.toString(),
                        "INSERT INTO raw_calls SELECT * FROM raw_calls; DROP TABLE"
                                + " lake.convergent.features_daily");

        // A refused write is a refused input (exit 2), as a bad argument is; the DROP after it
        // is not run.
        assertThat(refused.code).isEqualTo(2);
        assertThat(refused.err)
                .isEqualTo(
                        "sql: refused: raw_calls is in the platform's namespace 'convergent', which"
                                + " only its jobs write; write to a namespace of your own (CREATE"
                                + " DATABASE analyst, then analyst.my_table), or pass"
                                + " --allow-platform-writes if you operate the platform\n");
        // Flink reads "convergent . raw_calls" as convergent.raw_calls, and so must the guard.
        Result spaced =
                sql(
                        "--data-dir",
                        dataDir.toString(),
                        "CREATE DATABASE elsewhere; USE elsewhere; INSERT INTO convergent ."
                                + " raw_calls SELECT * FROM convergent.raw_calls");
        assertThat(spaced.code).isEqualTo(2);
        assertThat(spaced.err).contains("refused: convergent.raw_calls is in the platform's");
        assertThat(
                        sql(
                                        "--data-dir",
                                        dataDir.toString(),
                                        "CREATE DATABASE analyst; USE analyst;"
                                                + " CREATE TABLE mine (n BIGINT);"
                                                + " INSERT INTO mine VALUES (1); SELECT n FROM mine")
                                .out)
                .endsWith("1\n(1 row)\n");
    }

    @Test
    void theShellPrintsARefusalAndRunsTheNextStatement() throws Exception {
        LakeCatalogs.open(dataDir).close();

        Result shell =
                sqlWithInput(
                        "INSERT INTO raw_calls SELECT * FROM raw_calls;\nSELECT 41 + 1 AS answer;\n",
                        true,
                        "--data-dir",
                        dataDir.toString());

        assertThat(shell.code).isEqualTo(2);
        assertThat(shell.err)
                .contains(
                        "lake> sql: refused: raw_calls is in the platform's namespace"
                                + " 'convergent'")
                .endsWith("lake> ");
        assertThat(shell.out).isEqualTo("answer\n------\n42\n(1 row)\n");

        // A refusal outranks a failure: the script must be changed before it can all run.
        Result both =
                sqlWithInput(
                        "SELECT nope FROM nowhere;\nDROP TABLE features_daily;\n",
                        false,
                        "--data-dir",
                        dataDir.toString());
        assertThat(both.code).isEqualTo(2);
        Result failed =
                sqlWithInput(
                        "SELECT nope FROM nowhere;\nSELECT 1;\n",
                        false,
                        "--data-dir",
                        dataDir.toString());
        assertThat(failed.code).isEqualTo(1);
        assertThat(failed.out).contains("(1 row)");
    }

    @Test
    void anExplainedStatementSetInTheShellIsExplainedAndWritesNothing() throws Exception {
        LakeCatalogs.open(dataDir).close();

        Result shell =
                sqlWithInput(
                        "CREATE DATABASE analyst;\nCREATE TABLE analyst.t (n INT);\n"
                                + "EXPLAIN STATEMENT SET BEGIN\nINSERT INTO analyst.t SELECT 1;\n"
                                + "INSERT INTO analyst.t SELECT 2;\nEND;\n"
                                + "SELECT COUNT(*) AS n FROM analyst.t;\n",
                        false,
                        "--data-dir",
                        dataDir.toString());

        assertThat(shell.code).as(shell.err).isZero();
        assertThat(shell.out).contains("== Optimized Execution Plan ==").endsWith("0\n(1 row)\n");
    }

    @Test
    void aTableCreatedFromAQueryIsReportedOkAndTheNextStatementReadsIt() throws Exception {
        LakeCatalogs.open(dataDir).close();

        Result result =
                sql(
                        "--data-dir",
                        dataDir.toString(),
                        "CREATE DATABASE analyst; CREATE TABLE analyst.answers WITH"
                                + " ('note'='-- by hand') AS /* the answer */ SELECT 42 AS n;"
                                + " CREATE TABLE analyst.more (n INT);"
                                + " /* both or neither */ EXECUTE STATEMENT SET BEGIN"
                                + " INSERT INTO analyst.more SELECT CASE WHEN TRUE THEN 1 ELSE 0"
                                + " END; INSERT INTO analyst.more SELECT 2; END;"
                                + " SELECT SUM(n) + 39 FROM analyst.more;"
                                + " SELECT n FROM analyst.answers");

        assertThat(result.code).as(result.err).isZero();
        assertThat(result.out)
                .contains("OK", "42\n(1 row)\n")
                .endsWith("42\n(1 row)\n")
                .doesNotContain("-1");
    }

    @Test
    void aQueryEndingInACommentRunsAndOneEndingInsideAStringIsRefused() throws Exception {
        LakeCatalogs.open(dataDir).close();

        Result commented =
                sql("--data-dir", dataDir.toString(), "SELECT 41 + 1 AS answer -- the answer");
        assertThat(commented.code).as(commented.err).isZero();
        assertThat(commented.out).contains("42");

        Result unclosed = sql("--data-dir", dataDir.toString(), "SELECT 'x");
        assertThat(unclosed.code).isEqualTo(1);
        assertThat(unclosed.err).contains("ends inside a string literal");

        Result noEnd =
                sql(
                        "--data-dir",
                        dataDir.toString(),
                        "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT CASE WHEN TRUE THEN 1"
                                + " END;");
        assertThat(noEnd.code).isEqualTo(1);
        assertThat(noEnd.err)
                .isEqualTo(
                        "sql: the query ends inside a statement set (EXECUTE STATEMENT SET BEGIN"
                                + " ...; END; its END is missing); nothing was run\n");
    }

    @Test
    void aFailedUseLeavesThePlatformsTablesGuarded() throws Exception {
        LakeCatalogs.open(dataDir).close();
        assertThat(batch("run", "--day", "2026-11-20").code).isZero();

        // In a script on standard input, a failed statement does not stop the next one.
        Result script =
                sqlWithInput(
                        "USE nosuch;\nDROP TABLE features_daily;\n",
                        false,
                        "--data-dir",
                        dataDir.toString());

        assertThat(script.code).isEqualTo(2);
        assertThat(script.err)
                .contains("refused: features_daily is in the platform's namespace 'convergent'");
        assertThat(
                        sql("--data-dir", dataDir.toString(), "SELECT count(*) FROM features_daily")
                                .code)
                .isZero();
    }

    @Test
    void aBadQueryFailsWithFlinksReasonAndNoStackTrace() throws Exception {
        LakeCatalogs.open(dataDir).close();

        Result result = sql("--data-dir", dataDir.toString(), "SELECT nope FROM no_such_table");

        assertThat(result.code).isEqualTo(1);
        assertThat(result.err)
                .startsWith("sql: ")
                .contains("no_such_table")
                .doesNotContain("\tat ");
    }

    @Test
    void aMisspeltKeywordIsReportedWithTheStatementItIsIn() throws Exception {
        LakeCatalogs.open(dataDir).close();

        Result result = sql("--data-dir", dataDir.toString(), "SELECT 1; SELEC * FROM raw_calls");

        assertThat(result.code).isEqualTo(1);
        assertThat(result.err)
                .startsWith("sql: ")
                .contains("(in the statement beginning 'SELEC * FROM raw_calls')");
    }

    @Test
    void badArgumentsAreRefusedWithTheirName() {
        assertThat(batch("run").err).contains("--day is required");
        assertThat(batch("run", "--day", "20-11-2026").err)
                .contains("--day must be a day as YYYY-MM-DD, got '20-11-2026'");
        assertThat(batch("backfill", "--from", "2026-11-20", "--to", "2026-11-19").err)
                .contains("--to 2026-11-19 is before --from 2026-11-20");
        assertThat(batch("run", "--from", "2026-11-20").err)
                .contains("unknown option '--from' for batch run");
        assertThat(batch("rerun").code).isEqualTo(2);
        Result future = batch("run", "--day", "2062-11-20");
        assertThat(future.code).isEqualTo(2);
        assertThat(future.err).contains("--day 2062-11-20 is after today");
        Result help = batch("--help");
        assertThat(help.code).isZero();
        assertThat(help.out).contains("Usage: convergent batch run --day YYYY-MM-DD");
        assertThat(batch("run", "--day", "2026-11-20", "--steps", "features,tiles").err)
                .contains("--steps: unknown step 'tiles'");
        assertThat(batch("run", "--day", "2026-11-20", "--steps=").err)
                .contains("--steps= has no value after its '='");
        Result twice = batch("run", "--day", "2026-11-20", "--day", "2026-11-19");
        assertThat(twice.code).isEqualTo(2);
        assertThat(twice.err).contains("batch: --day is given twice");
        assertThat(batch("run", "--day", "--steps", "features").err)
                .contains("batch: --day needs a value");
        assertThat(batch("run", "--day", "2026-11-20", "--steps", " ").err)
                .contains("--steps needs at least one step (known: features,");
        assertThat(batch("run", "--day", "x").err).contains("[--models DIR] [--steps A,B]");
        Result noLake = batch("run", "--day", "2026-11-20");
        assertThat(noLake.code).isEqualTo(2);
        assertThat(noLake.err).contains("no lake in " + dataDir);
        assertThat(sql("--format", "xml", "SELECT 1").err)
                .contains("--format must be table, csv or json, got 'xml'");
        Result sqlHelp = sql("--help");
        assertThat(sqlHelp.code).isZero();
        assertThat(sqlHelp.out)
                .contains(
                        "Exit codes: 0 every statement ran; 1 a statement failed while running;"
                                + " 2 bad arguments or a\nstatement refused (a write to the"
                                + " platform's tables).");
    }

    private Result batch(String... args) {
        String[] withDir = new String[args.length + 2];
        System.arraycopy(args, 0, withDir, 0, args.length);
        withDir[args.length] = "--data-dir";
        withDir[args.length + 1] = dataDir.toString();
        return capture((out, err) -> BatchCommand.run(withDir, out, err));
    }

    private static Result sql(String... args) {
        return capture(
                (out, err) ->
                        SqlCommand.run(
                                args, new ByteArrayInputStream(new byte[0]), out, err, false));
    }

    private static Result sqlWithInput(String input, boolean interactive, String... args) {
        return capture(
                (out, err) ->
                        SqlCommand.run(
                                args,
                                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                                out,
                                err,
                                interactive));
    }

    private static Result capture(Command command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                command.run(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private interface Command {
        int run(PrintStream out, PrintStream err);
    }

    private static String row(
            String id, String action, String layer, String caller, String callee) {
        String at = "TO_TIMESTAMP_LTZ(1795168800000, 3)"; // 2026-11-20T10:00:00Z
        return "('"
                + id
                + "', 'e-"
                + id
                + "', 'c-"
                + id
                + "', '"
                + action
                + "', '"
                + layer
                + "', '"
                + layer
                + "', '"
                + caller
                + "', '"
                + callee
                + "', 'OUR_MOBILE', 'INTERCONNECT', "
                + at
                + ", "
                + at
                + ", CAST(NULL AS STRING), CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE))";
    }

    /** What a command run printed and returned. */
    private record Result(int code, String out, String err) {}
}
