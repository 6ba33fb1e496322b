package io.convergent.infra.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.numbering.NumberRange;
import io.convergent.common.numbering.NumberingPlan;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticNumbersTest {

    private static final NumberingPlan PLAN = NumberingPlan.standard();
    private static final Identifiers IDENTIFIERS = Identifiers.russian();

    private final SyntheticNumbers numbers = new SyntheticNumbers(PLAN, 77, 5_000);

    @Test
    void subscribersGetDistinctNumbersOfOurRangesThatMapBack() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            long slot = numbers.slotOf(i);
            String number = numbers.ourNumber(slot);
            assertThat(PLAN.categoryOf(number)).isEqualTo(NumberCategory.OURS);
            assertThat(IDENTIFIERS.canonical(IdentifierKind.MSISDN, number)).isEqualTo(number);
            assertThat(numbers.subscriberAt(slot)).isEqualTo(i);
            assertThat(seen.add(number)).isTrue();
        }
        long inUse = 0;
        for (long slot = 0; slot < numbers.slotCount(); slot++) {
            inUse += numbers.subscriberAt(slot) >= 0 ? 1 : 0;
        }
        assertThat(inUse).isEqualTo(5_000);
        assertThat(numbers.subscriberAt(numbers.slotCount())).isEqualTo(-1);
    }

    @Test
    void numbersOfTheOtherRolesFallInTheirCategories() {
        for (long key = 0; key < 500; key++) {
            assertCategory(
                    numbers.domesticMobile(SyntheticNumbers.SPAMMERS, key),
                    NumberCategory.DOMESTIC_MOBILE);
            assertCategory(numbers.unallocated(key), NumberCategory.UNALLOCATED);
            for (HomeRegion region : HomeRegion.values()) {
                assertCategory(
                        numbers.fixedLine(region.fixedLinePrefix, SyntheticNumbers.CONTACTS, key),
                        NumberCategory.DOMESTIC_FIXED);
            }
            for (NumberRange range : numbers.foreignRanges()) {
                String foreign = numbers.foreign(range, key);
                assertCategory(foreign, NumberCategory.FOREIGN);
                assertThat(PLAN.lookup(foreign).country()).isEqualTo(range.country());
            }
        }
    }

    @Test
    void partitionsKeepRolesApart() {
        Set<String> contacts = new HashSet<>();
        for (long key = 0; key < 2_000; key++) {
            contacts.add(numbers.domesticMobile(SyntheticNumbers.CONTACTS + (int) (key % 5), key));
        }
        for (long key = 0; key < 2_000; key++) {
            assertThat(contacts)
                    .doesNotContain(numbers.domesticMobile(SyntheticNumbers.FRAUDSTERS, key));
            assertThat(contacts)
                    .doesNotContain(numbers.domesticMobile(SyntheticNumbers.SPAMMERS, key));
        }
    }

    @Test
    void identifiersHaveTheShapesTheParserAccepts() {
        for (int i = 0; i < 1_000; i++) {
            String imsi = numbers.imsi(i, i % 3);
            assertThat(imsi).hasSize(15).startsWith("25062");
            assertThat(IDENTIFIERS.canonical(IdentifierKind.IMSI, imsi)).isEqualTo(imsi);
            String imei = numbers.imei(i, 0);
            assertThat(imei).hasSize(15);
            assertThat(IDENTIFIERS.canonical(IdentifierKind.IMEI, imei))
                    .isEqualTo(imei.substring(0, 14));
            String card = numbers.cardNumber(i);
            assertThat(card).hasSize(16);
            assertThat(IDENTIFIERS.canonical(IdentifierKind.CARD_NUMBER, card)).isEqualTo(card);
            assertThat(numbers.accountNumber(i)).hasSize(20).containsOnlyDigits();
            assertThat(IDENTIFIERS.canonical(IdentifierKind.CUSTOMER_ID, numbers.customerId(i)))
                    .isNotNull();
            assertThat(IDENTIFIERS.canonical(IdentifierKind.DEVICE_ID, numbers.deviceId(i, 1)))
                    .isNotNull();
        }
        assertThat(numbers.imsi(1, 0)).isNotEqualTo(numbers.imsi(1, 1));
        assertThat(numbers.imsi(1, 0)).isNotEqualTo(numbers.imsi(2, 0));
    }

    private static void assertCategory(String number, NumberCategory category) {
        assertThat(PLAN.categoryOf(number)).as(number).isEqualTo(category);
        assertThat(IDENTIFIERS.canonical(IdentifierKind.MSISDN, number))
                .as(number)
                .isEqualTo(number);
    }
}
