package io.convergent.common.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    private final PhoneNumbers numbers = PhoneNumbers.RUSSIA;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "+79123456789",
                "+7 912 345-67-89",
                "+7 (912) 345-67-89",
                "89123456789",
                "8 (912) 345 67 89",
                "79123456789",
                "9123456789",
                "0079123456789",
                "+7.912.345.67.89"
            })
    void everyDomesticSpellingIsOneSubscriber(String spelling) {
        assertThat(numbers.toE164(spelling)).isEqualTo("+79123456789");
    }

    @Test
    void keepsForeignNumbersInternational() {
        assertThat(numbers.toE164("+49 151 2345 6789")).isEqualTo("+4915123456789");
        assertThat(numbers.toE164("004915123456789")).isEqualTo("+4915123456789");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "+",
                "+0123456789",
                "+7912345678",
                "+791234567890",
                "8912345678",
                "7912345678",
                "4915123456789",
                "+1234",
                "+1234567890123456",
                "+7912345678a",
                "+7 912 345 67 89 ext 5",
                "++79123456789",
                "79123456789+"
            })
    void refusesToGuess(String notANumber) {
        assertThat(numbers.toE164(notANumber)).isNull();
        assertThat(numbers.isPhoneNumber(notANumber)).isFalse();
    }

    @Test
    void nullIsNotANumber() {
        assertThat(numbers.toE164(null)).isNull();
    }

    @Test
    void refusesAnImpossiblePlan() {
        assertThatThrownBy(() -> new PhoneNumbers("7x", '8', 10))
                .hasMessageContaining("country code must be digits, got '7x'");
        assertThatThrownBy(() -> new PhoneNumbers("7", '8', 20))
                .hasMessageContaining("national number length must be 4..14, got 20");
    }
}
