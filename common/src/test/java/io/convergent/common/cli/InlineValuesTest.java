package io.convergent.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InlineValuesTest {

    @Test
    void anOptionWithAnEqualsSignIsTheOptionThenItsValue() {
        assertThat(
                        InlineValues.split(
                                new String[] {
                                    "run", "--day=2026-11-20", "--data-dir", "var", "--empty="
                                }))
                .containsExactly("run", "--day", "2026-11-20", "--data-dir", "var", "--empty", "");
    }

    @Test
    void aValueMayHoldEqualsSignsAndNothingElseIsTouched() {
        assertThat(
                        InlineValues.split(
                                new String[] {
                                    "--where=a=b",
                                    "SELECT 1 WHERE a = b",
                                    "x=y",
                                    "-h",
                                    "--Upper=1",
                                    "--=1"
                                }))
                .containsExactly(
                        "--where", "a=b", "SELECT 1 WHERE a = b", "x=y", "-h", "--Upper=1", "--=1");
    }
}
