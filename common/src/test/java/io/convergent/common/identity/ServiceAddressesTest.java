package io.convergent.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceAddressesTest {

    @org.junit.jupiter.api.Test
    void aServiceAddressPassesThePseudonymiserInClearAndAPhoneNumberDoesNot() {
        byte[] secret = new byte[32];
        java.util.Arrays.fill(secret, (byte) 3);
        Pseudonymiser pseudonymiser =
                new Pseudonymiser(
                        PseudonymKeyRing.of(new PseudonymKey(1, secret)), Identifiers.russian());

        assertThat(pseudonymiser.pseudonymiseCanonical(IdentifierKind.MSISDN, "svc:900"))
                .isEqualTo("svc:900");
        assertThat(pseudonymiser.pseudonymiseCanonical(IdentifierKind.MSISDN, "+79123456789"))
                .startsWith("k1.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "112", "900", "0611", "7377", "88004", "123456"})
    void shortNumbersOfTwoToSixDigitsAreShortCodes(String code) {
        assertThat(ServiceAddresses.shortCode(code)).isEqualTo("svc:" + code);
        assertThat(ServiceAddresses.isServiceAddress(ServiceAddresses.shortCode(code))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1234567", "+900", "9 00", "90O", ""})
    void anythingElseIsNotAShortCode(String raw) {
        assertThat(ServiceAddresses.shortCode(raw)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"SBERBANK", "Ozon", "VTB-Online", "M.Video", "A", "Bank 900", "AB&C_D'E"})
    void namesOfUpToElevenLatinCharactersWithALetterAreSenderNames(String name) {
        assertThat(ServiceAddresses.senderName(name)).isEqualTo("svc:" + name);
        assertThat(ServiceAddresses.isServiceAddress(ServiceAddresses.senderName(name))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "TWELVECHARSX", // one too many for an alphanumeric originating address
                "1234",
                "+79123456789",
                " SBER",
                "SBER ",
                "СБЕРБАНК", // Cyrillic is not in the GSM 7-bit alphabet
                "8-800-CALL-NOW",
                "7916123456x", // a phone number with a letter in it
                "A12345",
                "a/b",
                ""
            })
    void anythingElseIsNotASenderName(String raw) {
        assertThat(ServiceAddresses.senderName(raw)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "+79123456789",
                "k1.AAAAAAAAAAAAAAAAAAAAAA",
                "900",
                "SBERBANK",
                "svc:+79161234567",
                "svc:"
            })
    void onlyTheCanonicalFormIsAServiceAddress(String raw) {
        assertThat(ServiceAddresses.isServiceAddress(raw)).isFalse();
    }
}
