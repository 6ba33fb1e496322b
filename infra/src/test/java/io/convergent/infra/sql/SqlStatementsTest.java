package io.convergent.infra.sql;

import static org.assertj.core.api.Assertions.assertThat;

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
    void emptyStatementsAreSkipped() {
        assertThat(new SqlStatements().feed(" ; ;SELECT 1;")).containsExactly("SELECT 1");
    }
}
