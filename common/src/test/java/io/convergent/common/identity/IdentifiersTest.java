package io.convergent.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IdentifiersTest {

    private final Identifiers ids = Identifiers.russian();

    @Test
    void imeiAndImeisvOfOneHandsetAreOneDevice() {
        String imei = Identifiers.withLuhnCheckDigit("35693803564380");
        assertThat(ids.canonical(IdentifierKind.IMEI, imei)).isEqualTo("35693803564380");
        assertThat(ids.canonical(IdentifierKind.IMEI, "3569380356438012"))
                .isEqualTo("35693803564380");
        assertThat(ids.canonical(IdentifierKind.IMEI, "35-693803-564380-9"))
                .isEqualTo(ids.canonical(IdentifierKind.IMEI, imei));
    }

    @Test
    void imeiWithAWrongCheckDigitIsRefused() {
        String imei = Identifiers.withLuhnCheckDigit("35693803564380");
        // Neither the check digit nor 0, the spare digit the network reports in its place.
        char wrong = imei.charAt(14) == '1' ? '2' : '1';
        assertThat(ids.canonical(IdentifierKind.IMEI, imei.substring(0, 14) + wrong)).isNull();
    }

    @Test
    void anImeiAsTheNetworkReportsItEndsInASpareZeroAndIsTheSameHandset() {
        // 3GPP TS 23.003, 6.2.1: the 15th digit is transmitted as 0, not the check digit.
        String printed = Identifiers.withLuhnCheckDigit("35209900176148");
        assertThat(printed.charAt(14)).isNotEqualTo('0');
        assertThat(ids.canonical(IdentifierKind.IMEI, "352099001761480"))
                .isEqualTo("35209900176148")
                .isEqualTo(ids.canonical(IdentifierKind.IMEI, printed));
    }

    @Test
    void cardNumbersMustPassLuhn() {
        String card = Identifiers.withLuhnCheckDigit("220220000000001");
        assertThat(ids.canonical(IdentifierKind.CARD_NUMBER, card)).isEqualTo(card);
        assertThat(
                        ids.canonical(
                                IdentifierKind.CARD_NUMBER,
                                card.substring(0, 4) + " " + card.substring(4)))
                .isEqualTo(card);
        assertThat(ids.canonical(IdentifierKind.CARD_NUMBER, "2202200000000012")).isNull();
        assertThat(ids.canonical(IdentifierKind.CARD_NUMBER, "12345")).isNull();
    }

    @Test
    void accountsIgnoreGroupingAndCase() {
        assertThat(ids.canonical(IdentifierKind.ACCOUNT_NUMBER, "de89 3704 0044 0532 0130 00"))
                .isEqualTo("DE89370400440532013000");
        assertThat(ids.canonical(IdentifierKind.ACCOUNT_NUMBER, "4081-7810")).isNull();
        assertThat(ids.canonical(IdentifierKind.ACCOUNT_NUMBER, "1234")).isNull();
    }

    @Test
    void imsiIsFourteenOrFifteenDigits() {
        assertThat(ids.canonical(IdentifierKind.IMSI, "250620000012345"))
                .isEqualTo("250620000012345");
        assertThat(ids.canonical(IdentifierKind.IMSI, "25062000001234"))
                .isEqualTo("25062000001234");
        assertThat(ids.canonical(IdentifierKind.IMSI, "2506200000123456")).isNull();
        assertThat(ids.canonical(IdentifierKind.IMSI, "25062000001234x")).isNull();
    }

    @Test
    void opaqueTokensAreBounded() {
        assertThat(ids.canonical(IdentifierKind.CUSTOMER_ID, "C-000123")).isEqualTo("C-000123");
        assertThat(ids.canonical(IdentifierKind.DEVICE_ID, "a".repeat(65))).isNull();
        assertThat(ids.canonical(IdentifierKind.DEVICE_ID, "dev 1")).isNull();
        assertThat(ids.canonical(IdentifierKind.DEVICE_ID, null)).isNull();
    }
}
