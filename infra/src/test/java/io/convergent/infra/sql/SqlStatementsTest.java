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
    void emptyStatementsAreSkipped() {
        assertThat(new SqlStatements().feed(" ; ;SELECT 1;")).containsExactly("SELECT 1");
    }
}
