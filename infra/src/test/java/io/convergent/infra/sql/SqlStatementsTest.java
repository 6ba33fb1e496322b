package io.convergent.infra.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlStatementsTest {

    @Test
    void splitsAtSemicolonsOutsideQuotesAndComments() {
        SqlStatements statements = new SqlStatements();

        assertThat(
                        statements.feed(
                                "SELECT 'a;b', `c;d` FROM t; -- note; not a statement\n"
                                        + "SELECT 1 /* a; comment */;"))
                .containsExactly("SELECT 'a;b', `c;d` FROM t", "SELECT 1 /* a; comment */");
        assertThat(statements.rest()).isEmpty();
    }

    @Test
    void anUnfinishedStatementWaitsForTheRestOfItsLines() {
        SqlStatements statements = new SqlStatements();

        assertThat(statements.feed("SELECT *\n")).isEmpty();
        assertThat(statements.feed("FROM raw_calls /*+ OPTIONS('snapshot-id'='1') */\n")).isEmpty();
        assertThat(statements.rest()).startsWith("SELECT *");
        assertThat(statements.feed("WHERE x = 'it''s';\n"))
                .containsExactly(
                        "SELECT *\nFROM raw_calls /*+ OPTIONS('snapshot-id'='1') */\nWHERE x ="
                                + " 'it''s'");
    }

    @Test
    void aStatementSetIsOneStatementWithItsInnerSemicolons() {
        SqlStatements statements = new SqlStatements();

        assertThat(statements.feed("EXECUTE STATEMENT SET\nBEGIN\n")).isEmpty();
        assertThat(statements.feed("  INSERT INTO a SELECT 1;\n  INSERT INTO b SELECT 'end;';\n"))
                .isEmpty();
        assertThat(statements.feed("END;\nSELECT 2;"))
                .containsExactly(
                        "EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO a SELECT 1;\n  INSERT INTO b"
                                + " SELECT 'end;';\nEND",
                        "SELECT 2");
        assertThat(
                        SqlStatements.insideStatementSet(
                                "execute statement set begin INSERT INTO a SELECT 1; INSERT INTO b"
                                        + " SELECT 2; end"))
                .contains(List.of("INSERT INTO a SELECT 1", "INSERT INTO b SELECT 2"));
        assertThat(SqlStatements.insideStatementSet("SELECT 1")).isEmpty();
    }

    @Test
    void aStatementSetEndsOnlyAtAnEndThatIsAStatementOfItsOwn() {
        SqlStatements statements = new SqlStatements();

        // A CASE's END, an END quoted as a name, in a literal or in comments: none ends the set.
        assertThat(
                        statements.feed(
                                "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT CASE WHEN x THEN"
                                        + " 1 ELSE 0 END;\n"
                                        + "INSERT INTO b SELECT y AS `end` FROM t;\n"
                                        + "INSERT INTO c SELECT 'END' -- END\n;\n"
                                        + "INSERT INTO d SELECT 1 /* END */;\n"))
                .isEmpty();
        assertThat(statements.unclosed()).get().asString().startsWith("a statement set");
        assertThat(statements.feed("/* done */ end ; SELECT CASE WHEN y THEN 1 END;"))
                .containsExactly(
                        "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT CASE WHEN x THEN 1 ELSE"
                                + " 0 END;\n"
                                + "INSERT INTO b SELECT y AS `end` FROM t;\n"
                                + "INSERT INTO c SELECT 'END' \n;\n"
                                + "INSERT INTO d SELECT 1 /* END */;\n"
                                + "/* done */ end",
                        "SELECT CASE WHEN y THEN 1 END");
        assertThat(statements.unclosed()).isEmpty();
    }

    @Test
    void theStatementsOfASetAreThoseTheSplitterKeptTogether() {
        SqlStatements statements = new SqlStatements();
        List<String> set =
                statements.feed(
                        "/* nightly */ EXECUTE /* all or nothing */ STATEMENT SET BEGIN\n"
                                + "  INSERT INTO a SELECT CASE WHEN x THEN 1 ELSE 0 END FROM t;\n"
                                + "  INSERT INTO b SELECT 2;\n"
                                + "END;\n");

        assertThat(set).hasSize(1);
        assertThat(SqlStatements.insideStatementSet(set.get(0)))
                .contains(
                        List.of(
                                "INSERT INTO a SELECT CASE WHEN x THEN 1 ELSE 0 END FROM t",
                                "INSERT INTO b SELECT 2"));
        // Not one whole set: its END missing, or a statement after it.
        assertThat(
                        SqlStatements.insideStatementSet(
                                "EXECUTE STATEMENT SET BEGIN INSERT INTO a"
                                        + " SELECT CASE WHEN x THEN 1 END"))
                .isEmpty();
        assertThat(
                        SqlStatements.insideStatementSet(
                                "EXECUTE STATEMENT SET BEGIN INSERT INTO a"
                                        + " SELECT 1; END; INSERT INTO b SELECT 2"))
                .isEmpty();
        assertThat(
                        SqlStatements.insideStatementSet(
                                "EXECUTE STATEMENT SET BEGIN INSERT INTO a" + " SELECT 1; `END`"))
                .isEmpty();
    }

    @Test
    void anExplainedStatementSetIsOneStatementTooAndNotOneTheGuardUnpacks() {
        SqlStatements statements = new SqlStatements();

        assertThat(
                        statements.feed(
                                "EXPLAIN STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b"
                                        + " SELECT 2; END; EXPLAIN PLAN FOR STATEMENT SET BEGIN"
                                        + " INSERT INTO a SELECT 1; END;"))
                .containsExactly(
                        "EXPLAIN STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT"
                                + " 2; END",
                        "EXPLAIN PLAN FOR STATEMENT SET BEGIN INSERT INTO a SELECT 1; END");
        // It runs nothing: there is nothing to check in it, and it is no write to await.
        assertThat(
                        SqlStatements.insideStatementSet(
                                "EXPLAIN STATEMENT SET BEGIN INSERT INTO a SELECT 1; END"))
                .isEmpty();
        assertThat(SqlStatements.isWrite("EXPLAIN STATEMENT SET BEGIN INSERT INTO a SELECT 1; END"))
                .isFalse();
    }

    @Test
    void aQueryCutShortSaysWhatItEndsInside() {
        SqlStatements literal = new SqlStatements();
        literal.feed("SELECT 'x;\n;");
        SqlStatements comment = new SqlStatements();
        comment.feed("SELECT 1 /* x;\n;");
        SqlStatements set = new SqlStatements();
        set.feed("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT CASE WHEN x THEN 1 END;\n;");

        assertThat(literal.unclosed()).contains("a string literal");
        assertThat(comment.unclosed()).contains("a /* comment */");
        assertThat(set.unclosed())
                .contains(
                        "a statement set (EXECUTE STATEMENT SET BEGIN ...; END; its END is"
                                + " missing)");
    }

    @Test
    void aTableCreatedFromAQueryIsAWriteWhateverCommentsAndLiteralsItHolds() {
        assertThat(SqlStatements.isWrite("CREATE TABLE t WITH ('k'='v') AS -- why\nSELECT 1"))
                .isTrue();
        assertThat(SqlStatements.isWrite("CREATE TABLE t AS /* why */ SELECT 1")).isTrue();
        assertThat(SqlStatements.isWrite("create table t as/* why */(SELECT 1)")).isTrue();
        assertThat(SqlStatements.isWrite("CREATE TABLE t WITH ('sep'='--') AS /* c */ VALUES (1)"))
                .isTrue();
        assertThat(
                        SqlStatements.isWrite(
                                "CREATE OR REPLACE TABLE t AS /* c */ WITH q AS (SELECT 1) SELECT *"
                                        + " FROM q"))
                .isTrue();
        assertThat(SqlStatements.isWrite("REPLACE TABLE analyst.t AS\n/* c */\nSELECT 1")).isTrue();
        assertThat(SqlStatements.isWrite("CREATE TABLE IF NOT EXISTS t AS SELECT 1")).isTrue();
        // Inserts and statement sets, a comment before them or not.
        assertThat(SqlStatements.isWrite("/* seed */ INSERT INTO t VALUES (1)")).isTrue();
        assertThat(SqlStatements.isWrite("EXECUTE STATEMENT SET BEGIN INSERT INTO t SELECT 1; END"))
                .isTrue();
    }

    @Test
    void aTableCreatedWithoutAQueryIsNoWriteWhateverItsOptionsSay() {
        assertThat(
                        SqlStatements.isWrite(
                                "CREATE TABLE t (n INT) WITH ('comment'='copied AS SELECT * FROM"
                                        + " x')"))
                .isFalse();
        assertThat(SqlStatements.isWrite("CREATE TABLE t (a INT, b AS (a + 1))")).isFalse();
        assertThat(SqlStatements.isWrite("CREATE TABLE t (n INT) -- AS SELECT 1\n")).isFalse();
        assertThat(SqlStatements.isWrite("CREATE TABLE `AS` (n INT)")).isFalse();
        assertThat(SqlStatements.isWrite("CREATE VIEW v AS SELECT 1")).isFalse();
        assertThat(SqlStatements.isWrite("SELECT 'INSERT' AS x")).isFalse();
        assertThat(SqlStatements.isWrite("/* INSERT */ SELECT 1")).isFalse();
        assertThat(SqlStatements.isWrite("")).isFalse();
    }

    @Test
    void emptyStatementsAreSkipped() {
        assertThat(new SqlStatements().feed(" ; ;SELECT 1;")).containsExactly("SELECT 1");
    }
}
