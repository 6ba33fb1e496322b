package io.convergent.common.campaigns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.campaigns.SubscriberNumbers.Fit;
import io.convergent.common.campaigns.SubscriberNumbers.Judgement;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.numbering.NumberRange;
import io.convergent.common.numbering.NumberingPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which numbers contact preferences can be about, by the shipped numbering plan. */
class SubscriberNumbersTest {

    private static final NumberingPlan PLAN = NumberingPlan.standard();

    @Test
    void ourRangesFitAndAnotherMobileOperatorsOnlyIfPortedIn() {
        assertThat(SubscriberNumbers.judge(PLAN, "+79580012345"))
                .isEqualTo(new Judgement(Fit.OURS, ""));

        Judgement other = SubscriberNumbers.judge(PLAN, "+79123456789");
        assertThat(other.fit()).isEqualTo(Fit.IF_PORTED_IN);
        assertThat(other.explanation())
                .contains("another operator's range (Severnaya Svyaz)")
                .contains("number portability");
    }

    @Test
    void anotherCountrysNumberAndAFixedLineNeverFitAnUnallocatedRangeOnlyIfThePlanIsBehind() {
        assertThat(SubscriberNumbers.judge(PLAN, "+4915112345678"))
                .isEqualTo(
                        new Judgement(
                                Fit.NEVER,
                                "a number of another country (DE): no subscriber of ours has one,"
                                        + " so preferences for it would never apply"));
        // Kazakhstan shares country code 7 with Russia.
        assertThat(SubscriberNumbers.judge(PLAN, "+77011234567").explanation())
                .startsWith("a number of another country (KZ)");
        Judgement fixed = SubscriberNumbers.judge(PLAN, "+74951234567");
        assertThat(fixed.fit()).isEqualTo(Fit.NEVER);
        assertThat(fixed.explanation()).startsWith("a fixed line (Moscow fixed line)");
        Judgement unallocated = SubscriberNumbers.judge(PLAN, "+79584000000");
        // The plan in force may predate the range's allocation to us: a real subscriber's opt-out
        // must not be refused for that.
        assertThat(unallocated.fit()).isEqualTo(Fit.IF_PLAN_IS_BEHIND);
        assertThat(unallocated.explanation()).startsWith("in a range no operator holds");
    }

    @Test
    void thePlanDecidesAndNoExplanationQuotesTheNumber() {
        NumberingPlan ours =
                new NumberingPlan(
                        List.of(
                                new NumberRange(
                                        "+7912", NumberCategory.OURS, "Us", "RU", 250, 62)));
        assertThat(SubscriberNumbers.judge(ours, "+79123456789").fit()).isEqualTo(Fit.OURS);
        for (String number :
                List.of("+79123456789", "+4915112345678", "+74951234567", "+79584000000")) {
            assertThat(SubscriberNumbers.judge(PLAN, number).explanation())
                    .doesNotContain(number.substring(1))
                    .doesNotContainPattern("\\d{5}");
        }
        assertThatThrownBy(() -> SubscriberNumbers.judge(PLAN, "89123456789"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a canonical E.164 number");
    }
}
