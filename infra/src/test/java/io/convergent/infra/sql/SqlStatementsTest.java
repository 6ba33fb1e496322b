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
    void emptyStatementsAreSkipped() {
        assertThat(new SqlStatements().feed(" ; ;SELECT 1;")).containsExactly("SELECT 1");
    }
}
