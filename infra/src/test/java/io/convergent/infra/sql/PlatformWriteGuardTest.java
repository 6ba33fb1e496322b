package io.convergent.infra.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlatformWriteGuardTest {

    @Test
    void refusesChangesToThePlatformsTablesHoweverTheyAreNamed() {
        PlatformWriteGuard guard = new PlatformWriteGuard(() -> "convergent");

        assertThat(guard.refusal("insert into raw_calls select * from raw_calls")).isPresent();
        assertThat(guard.refusal("INSERT OVERWRITE `convergent`.`features_daily` SELECT 1"))
                .isPresent();
        assertThat(guard.refusal("DROP TABLE IF EXISTS lake.convergent.raw_sms")).isPresent();
        assertThat(guard.refusal("ALTER TABLE immunity_decisions RENAME TO x")).isPresent();
        assertThat(guard.refusal("DROP DATABASE convergent")).isPresent();
        // A script's header comment, Flink's EXECUTE, and replacing a table.
        assertThat(guard.refusal("/* nightly fix */ INSERT INTO raw_calls SELECT * FROM x"))
                .isPresent();
        assertThat(guard.refusal("-- fix\nINSERT INTO raw_calls SELECT * FROM x")).isPresent();
        assertThat(guard.refusal("EXECUTE INSERT INTO raw_calls SELECT * FROM x")).isPresent();
        assertThat(guard.refusal("CREATE OR REPLACE TABLE raw_sms AS SELECT 1")).isPresent();
        assertThat(guard.refusal("REPLACE TABLE convergent.raw_sms AS SELECT 1")).isPresent();
        assertThat(
                        guard.refusal(
                                "EXECUTE STATEMENT SET BEGIN INSERT INTO analyst.a SELECT 1;"
                                        + " INSERT INTO raw_calls SELECT * FROM x; END"))
                .isPresent();
        // A literal that looks like a comment must not hide the insert after it.
        assertThat(
                        guard.refusal(
                                "EXECUTE STATEMENT SET BEGIN INSERT INTO analyst.a VALUES ('/*');"
                                        + " INSERT INTO convergent.raw_calls SELECT * FROM b;"
                                        + " INSERT INTO analyst.a VALUES ('*/'); END"))
                .isPresent();
        assertThat(
                        guard.refusal(
                                "/* x */ EXECUTE STATEMENT SET BEGIN INSERT INTO raw_calls"
                                        + " SELECT 1; END"))
                .isPresent();
    }

    @Test
    void readsANameAsFlinkDoesWhateverSpacesAndCommentsSurroundItsDots() {
        PlatformWriteGuard guard = new PlatformWriteGuard(() -> "analyst");

        assertThat(guard.refusal("INSERT INTO convergent . raw_calls SELECT * FROM x"))
                .get()
                .asString()
                .startsWith("refused: convergent.raw_calls is in the platform's namespace");
        assertThat(guard.refusal("CREATE TABLE convergent\n.\nmine (n INT)")).isPresent();
        assertThat(guard.refusal("DELETE FROM lake. /* x */ `convergent` .raw_sms")).isPresent();
        assertThat(guard.refusal("DROP DATABASE lake . convergent")).isPresent();
        assertThat(guard.refusal("INSERT INTO analyst . mine SELECT * FROM convergent.raw_calls"))
                .isEmpty();
        // A comment marker inside a literal is no comment: the statement is still read whole.
        assertThat(guard.refusal("INSERT INTO analyst.mine VALUES ('--') ")).isEmpty();
    }

    @Test
    void checksEveryInsertOfAStatementSetAsTheSplitterReadsIt() {
        PlatformWriteGuard guard = new PlatformWriteGuard(() -> "analyst");
        List<String> script =
                new SqlStatements()
                        .feed(
                                "EXECUTE STATEMENT SET BEGIN\n"
                                        + "INSERT INTO a SELECT CASE WHEN x THEN 1 ELSE 0 END"
                                        + " FROM t;\n"
                                        + "INSERT INTO convergent.raw_calls SELECT * FROM b;\n"
                                        + "END;\n");

        assertThat(script).hasSize(1);
        assertThat(guard.refusal(script.get(0)))
                .contains(
                        "refused: convergent.raw_calls is in the platform's namespace"
                                + " 'convergent', which only its jobs write; write to a namespace"
                                + " of your own (CREATE DATABASE analyst, then analyst.my_table),"
                                + " or pass --allow-platform-writes if you operate the platform");
        // Comments between its keywords do not hide a set from the guard.
        assertThat(
                        guard.refusal(
                                "EXECUTE /* all */ STATEMENT SET BEGIN INSERT INTO a SELECT 1;"
                                        + " INSERT INTO convergent.raw_calls SELECT 2; END"))
                .isPresent();
        assertThat(
                        guard.refusal(
                                "/* nightly */ EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1;"
                                        + " INSERT INTO b SELECT 2; END"))
                .isEmpty();
        // A set that does not end at its END is not one the guard can check.
        assertThat(
                        guard.refusal(
                                "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b"
                                        + " SELECT CASE WHEN x THEN 1 END"))
                .contains(
                        "refused: a statement set must end at its END (EXECUTE STATEMENT SET"
                                + " BEGIN INSERT ...; INSERT ...; END) to be checked");
        // Explaining a set writes nothing.
        assertThat(
                        guard.refusal(
                                "EXPLAIN STATEMENT SET BEGIN INSERT INTO convergent.raw_calls"
                                        + " SELECT 1; END"))
                .isEmpty();
        // The words in a literal are no statement set.
        assertThat(guard.refusal("INSERT INTO notes VALUES ('EXECUTE STATEMENT SET')")).isEmpty();
    }

    @Test
    void allowsReadsAndWritesElsewhereInTheDatabaseTheSessionIsReallyIn() {
        String[] current = {"convergent"};
        PlatformWriteGuard guard = new PlatformWriteGuard(() -> current[0]);

        assertThat(guard.refusal("SELECT * FROM raw_calls")).isEmpty();
        assertThat(guard.refusal("INSERT INTO analyst.sample SELECT * FROM raw_calls")).isEmpty();
        assertThat(
                        guard.refusal(
                                "EXECUTE STATEMENT SET BEGIN INSERT INTO analyst.a SELECT 1;"
                                        + " INSERT INTO analyst.b SELECT 2; END"))
                .isEmpty();
        // "USE nosuch" failed: the session is still in convergent, whatever the guard was shown.
        assertThat(guard.refusal("USE nosuch")).isEmpty();
        assertThat(guard.refusal("DROP TABLE features_daily")).isPresent();
        current[0] = "analyst";
        assertThat(guard.refusal("CREATE TABLE mine (n BIGINT)")).isEmpty();
        assertThat(guard.refusal("INSERT INTO mine VALUES (1)")).isEmpty();
        current[0] = "CONVERGENT";
        assertThat(guard.refusal("INSERT INTO mine VALUES (1)")).isPresent();
    }
}
