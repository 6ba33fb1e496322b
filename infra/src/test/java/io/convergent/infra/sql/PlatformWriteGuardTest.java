package io.convergent.infra.sql;

import static org.assertj.core.api.Assertions.assertThat;

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
