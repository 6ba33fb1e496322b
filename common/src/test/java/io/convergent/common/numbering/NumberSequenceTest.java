package io.convergent.common.numbering;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberSequenceTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "null",
            value = {
                "+79580012345, +79580012344",
                "+79580012340, +79580012339",
                "+79580010000, +79580009999",
                "+10, +09",
                "+0000, null",
                "79580012345, null",
                "+7958001234x, null",
                "+, null",
                "null, null"
            })
    void thePredecessorIsOneLessInTheSameNumberOfDigits(String number, String expected) {
        assertThat(NumberSequence.predecessor(number)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "null",
            value = {
                "+79580012344, +79580012345",
                "+79580012339, +79580012340",
                "+79580009999, +79580010000",
                "+9999, null",
                "79580012345, null",
                "+7958001234x, null",
                "null, null"
            })
    void theSuccessorIsOneMoreInTheSameNumberOfDigits(String number, String expected) {
        assertThat(NumberSequence.successor(number)).isEqualTo(expected);
    }
}
