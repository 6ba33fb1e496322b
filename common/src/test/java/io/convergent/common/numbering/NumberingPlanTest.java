package io.convergent.common.numbering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NumberingPlanTest {

    private final NumberingPlan plan = NumberingPlan.standard();

    @Test
    void longestPrefixWins() {
        assertThat(plan.lookup("+79580012345").category()).isEqualTo(NumberCategory.OURS);
        assertThat(plan.lookup("+79580012345").mnc()).isEqualTo(62);
        assertThat(plan.lookup("+79585012345").category()).isEqualTo(NumberCategory.UNALLOCATED);
        assertThat(plan.lookup("+79121234567").category())
                .isEqualTo(NumberCategory.DOMESTIC_MOBILE);
        assertThat(plan.lookup("+74951234567").category()).isEqualTo(NumberCategory.DOMESTIC_FIXED);
        assertThat(plan.lookup("+77011234567").country()).isEqualTo("KZ");
        assertThat(plan.lookup("+4915123456789").mcc()).isEqualTo(262);
    }

    @Test
    void aCountryOrAnAreaCodeNotListedIsForeignOrAFixedLineNotUnallocated() {
        assertThat(plan.categoryOf("+81312345678")).isEqualTo(NumberCategory.FOREIGN);
        assertThat(plan.categoryOf("+919812345678")).isEqualTo(NumberCategory.FOREIGN);
        assertThat(plan.categoryOf("+48221234567")).isEqualTo(NumberCategory.FOREIGN);
        assertThat(plan.categoryOf("+78462123456")).isEqualTo(NumberCategory.DOMESTIC_FIXED);
        assertThat(plan.categoryOf("+78001234567")).isEqualTo(NumberCategory.DOMESTIC_FIXED);
        // Listed ranges keep their own category under the fallbacks.
        assertThat(plan.categoryOf("+74951234567")).isEqualTo(NumberCategory.DOMESTIC_FIXED);
        assertThat(plan.lookup("+74951234567").operator()).isEqualTo("Moscow fixed line");
        assertThat(plan.lookup("+491701234567").country()).isEqualTo("DE");
        assertThat(plan.categoryOf("+281234567")).isEqualTo(NumberCategory.UNALLOCATED);
        // Codes the ITU has not assigned stay unallocated under the country fallbacks.
        assertThat(plan.categoryOf("+9991234567")).isEqualTo(NumberCategory.UNALLOCATED);
        assertThat(plan.categoryOf("+4221234567")).isEqualTo(NumberCategory.UNALLOCATED);
        // Codes of no country are real callers: freephone, satellite, global IoT SIMs.
        for (String number : new String[] {"+80012345678", "+8707712345678", "+882345671234"}) {
            assertThat(plan.categoryOf(number)).as(number).isEqualTo(NumberCategory.FOREIGN);
        }
    }

    @Test
    void aNumberUnderNoPrefixIsUnallocated() {
        assertThat(plan.categoryOf("+79401234567")).isEqualTo(NumberCategory.UNALLOCATED);
        assertThat(plan.categoryOf("+8901234567")).isEqualTo(NumberCategory.UNALLOCATED);
        assertThat(plan.categoryOf("+8791234567")).isEqualTo(NumberCategory.UNALLOCATED);
        assertThat(plan.categoryOf("not a number!")).isEqualTo(NumberCategory.UNALLOCATED);
    }

    @Test
    void aShortNumberOrASenderNameIsAServiceAddressNotARange() {
        assertThat(plan.categoryOf("svc:900")).isEqualTo(NumberCategory.SERVICE);
        assertThat(plan.categoryOf("svc:112")).isEqualTo(NumberCategory.SERVICE);
        assertThat(plan.categoryOf("svc:SBERBANK")).isEqualTo(NumberCategory.SERVICE);
        String service = "prefix,category,operator,country,mcc,mnc\n+7900,SERVICE,X,RU,250,1\n";
        assertThatThrownBy(
                        () ->
                                NumberingPlan.parse(
                                        new ByteArrayInputStream(
                                                service.getBytes(StandardCharsets.UTF_8)),
                                        "plan.csv"))
                .hasMessage(
                        "plan.csv:2: SERVICE describes a short number or sender name, not a"
                                + " range");
    }

    @Test
    void shipsEveryCategory() {
        for (NumberCategory category : NumberCategory.values()) {
            if (category == NumberCategory.WITHHELD || category == NumberCategory.SERVICE) {
                continue; // not a range: a call without a number, a short number
            }
            assertThat(plan.ranges(category)).as("%s", category).isNotEmpty();
        }
    }

    @Test
    void refusesAMalformedPlanNamingTheLine() {
        String csv =
                "prefix,category,operator,country,mcc,mnc\n+7958,OURS,X,RU,250,62\n+7959,MINE,X,RU,250,62\n";
        assertThatThrownBy(
                        () ->
                                NumberingPlan.parse(
                                        new ByteArrayInputStream(
                                                csv.getBytes(StandardCharsets.UTF_8)),
                                        "plan.csv"))
                .hasMessageStartingWith("plan.csv:3: ");
        String withheld = "prefix,category,operator,country,mcc,mnc\n+7958,WITHHELD,X,RU,250,62\n";
        assertThatThrownBy(
                        () ->
                                NumberingPlan.parse(
                                        new ByteArrayInputStream(
                                                withheld.getBytes(StandardCharsets.UTF_8)),
                                        "plan.csv"))
                .hasMessage("plan.csv:2: WITHHELD describes a call without a number, not a range");
        String twice =
                "prefix,category,operator,country,mcc,mnc\n+7958,OURS,X,RU,250,62\n+7958,OURS,X,RU,250,62\n";
        assertThatThrownBy(
                        () ->
                                NumberingPlan.parse(
                                        new ByteArrayInputStream(
                                                twice.getBytes(StandardCharsets.UTF_8)),
                                        "plan.csv"))
                .hasMessage("numbering plan lists prefix +7958 twice");
    }
}
