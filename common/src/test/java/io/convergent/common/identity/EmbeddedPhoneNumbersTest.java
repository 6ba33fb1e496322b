package io.convergent.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddedPhoneNumbersTest {

    private static final Pseudonymiser PSEUDONYMISER = pseudonymiser();
    private static final String NUMBER =
            PSEUDONYMISER.pseudonymise(IdentifierKind.MSISDN, "+79123456789");

    @Test
    void aMobileNumberInsideAReferenceBecomesItsPseudonymWhateverTheSpelling() {
        assertThat(EmbeddedPhoneNumbers.pseudonymised("sms-79123456789-0042", PSEUDONYMISER))
                .isEqualTo("sms-" + NUMBER + "-0042");
        assertThat(EmbeddedPhoneNumbers.pseudonymised("89123456789", PSEUDONYMISER))
                .isEqualTo(NUMBER);
        assertThat(EmbeddedPhoneNumbers.pseudonymised("call/+79123456789/2", PSEUDONYMISER))
                .isEqualTo("call/" + NUMBER + "/2");
        assertThat(EmbeddedPhoneNumbers.pseudonymised("79123456789:89123456789", PSEUDONYMISER))
                .isEqualTo(NUMBER + ":" + NUMBER);
        assertThat(EmbeddedPhoneNumbers.pseudonymised("x+491701234567", PSEUDONYMISER))
                .isEqualTo(
                        "x" + PSEUDONYMISER.pseudonymise(IdentifierKind.MSISDN, "+491701234567"));
    }

    @Test
    void aLandlineOrAKazakhNumberInsideAReferenceBecomesItsPseudonymToo() {
        String moscow = PSEUDONYMISER.pseudonymise(IdentifierKind.MSISDN, "+74951234567");
        assertThat(EmbeddedPhoneNumbers.pseudonymised("cdr-74951234567-1", PSEUDONYMISER))
                .isEqualTo("cdr-" + moscow + "-1");
        assertThat(EmbeddedPhoneNumbers.pseudonymised("cdr-84951234567-1", PSEUDONYMISER))
                .isEqualTo("cdr-" + moscow + "-1");
        assertThat(EmbeddedPhoneNumbers.pseudonymised("ref.83812345678", PSEUDONYMISER))
                .isEqualTo(
                        "ref." + PSEUDONYMISER.pseudonymise(IdentifierKind.MSISDN, "+73812345678"));
        assertThat(EmbeddedPhoneNumbers.pseudonymised("77012345678", PSEUDONYMISER))
                .isEqualTo(PSEUDONYMISER.pseudonymise(IdentifierKind.MSISDN, "+77012345678"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "e-1790000000000-7", // epoch milliseconds
                "791234567890", // twelve digits: not a domestic number
                "7912345678", // ten
                "72951234567", // zone 7 has no area code starting with 2
                "1795000000", // epoch seconds
                "call-000123",
                "25001-1234567890",
                "+7912345", // too short to be a number
                ""
            })
    void anythingElseIsKeptAsItIs(String reference) {
        assertThat(EmbeddedPhoneNumbers.pseudonymised(reference, PSEUDONYMISER))
                .isSameAs(reference);
    }

    private static Pseudonymiser pseudonymiser() {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 7);
        return new Pseudonymiser(
                PseudonymKeyRing.of(new PseudonymKey(1, secret)), Identifiers.russian());
    }
}
