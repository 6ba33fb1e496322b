package io.convergent.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddedIdentifiersTest {

    private static final Pseudonymiser PSEUDONYMISER = pseudonymiser();
    private static final String NUMBER =
            PSEUDONYMISER.pseudonymise(IdentifierKind.MSISDN, "+79123456789");

    @Test
    void aMobileNumberInsideAReferenceBecomesItsPseudonymWhateverTheSpelling() {
        assertThat(EmbeddedIdentifiers.pseudonymised("sms-79123456789-0042", PSEUDONYMISER))
                .isEqualTo("sms-" + NUMBER + "-0042");
        assertThat(EmbeddedIdentifiers.pseudonymised("89123456789", PSEUDONYMISER))
                .isEqualTo(NUMBER);
        assertThat(EmbeddedIdentifiers.pseudonymised("call/+79123456789/2", PSEUDONYMISER))
                .isEqualTo("call/" + NUMBER + "/2");
        assertThat(EmbeddedIdentifiers.pseudonymised("79123456789:89123456789", PSEUDONYMISER))
                .isEqualTo(NUMBER + ":" + NUMBER);
        assertThat(EmbeddedIdentifiers.pseudonymised("x+491701234567", PSEUDONYMISER))
                .isEqualTo(
                        "x" + PSEUDONYMISER.pseudonymise(IdentifierKind.MSISDN, "+491701234567"));
    }

    @Test
    void aLandlineOrAKazakhNumberInsideAReferenceBecomesItsPseudonymToo() {
        String moscow = PSEUDONYMISER.pseudonymise(IdentifierKind.MSISDN, "+74951234567");
        assertThat(EmbeddedIdentifiers.pseudonymised("cdr-74951234567-1", PSEUDONYMISER))
                .isEqualTo("cdr-" + moscow + "-1");
        assertThat(EmbeddedIdentifiers.pseudonymised("cdr-84951234567-1", PSEUDONYMISER))
                .isEqualTo("cdr-" + moscow + "-1");
        assertThat(EmbeddedIdentifiers.pseudonymised("ref.83812345678", PSEUDONYMISER))
                .isEqualTo(
                        "ref." + PSEUDONYMISER.pseudonymise(IdentifierKind.MSISDN, "+73812345678"));
        assertThat(EmbeddedIdentifiers.pseudonymised("77012345678", PSEUDONYMISER))
                .isEqualTo(PSEUDONYMISER.pseudonymise(IdentifierKind.MSISDN, "+77012345678"));
    }

    @Test
    void aMobileNumberWithoutItsPrefixOrAfter00BecomesItsPseudonym() {
        assertThat(EmbeddedIdentifiers.pseudonymised("sms-9123456789-1", PSEUDONYMISER))
                .isEqualTo("sms-" + NUMBER + "-1");
        assertThat(EmbeddedIdentifiers.pseudonymised("sms-0079123456789", PSEUDONYMISER))
                .isEqualTo("sms-" + NUMBER);
    }

    @Test
    void aCardAnImsiAnImeiOrAnAccountInsideAReferenceBecomesItsPseudonym() {
        assertThat(EmbeddedIdentifiers.pseudonymised("tx-4276380012345679-1", PSEUDONYMISER))
                .isEqualTo(
                        "tx-"
                                + PSEUDONYMISER.pseudonymise(
                                        IdentifierKind.CARD_NUMBER, "4276380012345679")
                                + "-1");
        assertThat(EmbeddedIdentifiers.pseudonymised("sim-250011234567890", PSEUDONYMISER))
                .isEqualTo(
                        "sim-"
                                + PSEUDONYMISER.pseudonymise(
                                        IdentifierKind.IMSI, "250011234567890"));
        assertThat(EmbeddedIdentifiers.pseudonymised("dev.353456789012348", PSEUDONYMISER))
                .isEqualTo(
                        "dev."
                                + PSEUDONYMISER.pseudonymise(
                                        IdentifierKind.IMEI, "353456789012348"));
        // The network's form of an IMEI: its spare 0 instead of the check digit.
        assertThat(EmbeddedIdentifiers.pseudonymised("dev.490154203237510", PSEUDONYMISER))
                .isSameAs("dev.490154203237510"); // 49: not a handset's start here
        assertThat(EmbeddedIdentifiers.pseudonymised("dev.351234567890120", PSEUDONYMISER))
                .isEqualTo(
                        "dev."
                                + PSEUDONYMISER.pseudonymise(
                                        IdentifierKind.IMEI, "351234567890120"));
        assertThat(EmbeddedIdentifiers.pseudonymised("acc-40817810099910004312", PSEUDONYMISER))
                .isEqualTo(
                        "acc-"
                                + PSEUDONYMISER.pseudonymise(
                                        IdentifierKind.ACCOUNT_NUMBER, "40817810099910004312"));
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
                "tx-4276380012345670-1", // sixteen digits that fail the Luhn check: no card
                "490154203237510", // fifteen, no Luhn, not one of our SIMs
                "e-20261129103456-7", // fourteen: a timestamp to the second
                "e-1790000000000000-7", // epoch microseconds
                "e-1790000000000000000-7", // epoch nanoseconds
                "id-1234567890123452", // sixteen digits that pass Luhn, but no card's start
                "30817810099910004312", // twenty digits, no customer's account
                ""
            })
    void anythingElseIsKeptAsItIs(String reference) {
        assertThat(EmbeddedIdentifiers.pseudonymised(reference, PSEUDONYMISER)).isSameAs(reference);
    }

    private static Pseudonymiser pseudonymiser() {
        byte[] secret = new byte[32];
        Arrays.fill(secret, (byte) 7);
        return new Pseudonymiser(
                PseudonymKeyRing.of(new PseudonymKey(1, secret)), Identifiers.russian());
    }
}
