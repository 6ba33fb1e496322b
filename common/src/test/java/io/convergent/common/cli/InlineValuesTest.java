package io.convergent.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InlineValuesTest {

    @Test
    void anOptionWithAnEqualsSignIsTheOptionThenItsValue() {
        assertThat(
                        InlineValues.split(
                                new String[] {"run", "--day=2026-11-20", "--data-dir", "var"}))
                .containsExactly("run", "--day", "2026-11-20", "--data-dir", "var");
    }

    @Test
    void aValueMayHoldEqualsSignsAndANameCapitalsAndUnderscores() {
        assertThat(
                        InlineValues.split(
                                new String[] {
                                    "--where=a=b",
                                    "--convergent.lake.jdbc.useSSL=true",
                                    "--convergent.lake.jdbc.busy_timeout=5000"
                                }))
                .containsExactly(
                        "--where",
                        "a=b",
                        "--convergent.lake.jdbc.useSSL",
                        "true",
                        "--convergent.lake.jdbc.busy_timeout",
                        "5000");
    }

    @Test
    void anythingElseIsLeftWholeForTheCommandToReadOrRefuse() {
        assertThat(
                        InlineValues.split(
                                new String[] {
                                    "SELECT 1 WHERE a = b",
                                    "x=y",
                                    "-h",
                                    "--=1",
                                    "--data-dir=",
                                    "--allow-platform-writes=false"
                                },
                                "--allow-platform-writes"))
                .containsExactly(
                        "SELECT 1 WHERE a = b",
                        "x=y",
                        "-h",
                        "--=1",
                        "--data-dir=",
                        "--allow-platform-writes=false");
    }
}
