package io.convergent.common.immunity;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.Ingress;
import io.convergent.common.numbering.NumberCategory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallerIdCheckTest {

    @ParameterizedTest(name = "{0} via {1}, owner abroad {2} -> {3} {4}")
    @CsvSource({
        // category, ingress, owner abroad, action, reason ("" = none)
        "OURS, ON_NET, false, ALLOW, ''",
        "OURS, INTERCONNECT, false, BLOCK, OUR_NUMBER_FROM_OUTSIDE",
        "OURS, INTERNATIONAL, false, BLOCK, OUR_NUMBER_FROM_OUTSIDE",
        "OURS, INTERNATIONAL, true, ALLOW, ''",
        "OURS, INTERCONNECT, true, ALLOW, ''",
        "DOMESTIC_MOBILE, INTERCONNECT, false, ALLOW, ''",
        "DOMESTIC_MOBILE, INTERNATIONAL, false, ALLOW, DOMESTIC_MOBILE_VIA_INTERNATIONAL",
        "DOMESTIC_FIXED, INTERCONNECT, false, ALLOW, ''",
        "DOMESTIC_FIXED, INTERNATIONAL, false, BLOCK, DOMESTIC_FIXED_VIA_INTERNATIONAL",
        "FOREIGN, INTERNATIONAL, false, ALLOW, ''",
        "FOREIGN, INTERCONNECT, false, ALLOW, ''",
        "UNALLOCATED, INTERCONNECT, false, BLOCK, UNALLOCATED_NUMBER",
        "UNALLOCATED, INTERNATIONAL, false, BLOCK, UNALLOCATED_NUMBER",
        "UNALLOCATED, ON_NET, false, BLOCK, UNALLOCATED_NUMBER",
        "SERVICE, ON_NET, false, ALLOW, ''",
        "SERVICE, INTERCONNECT, false, ALLOW, SHORT_NUMBER_VIA_INTERCONNECT",
        "SERVICE, INTERNATIONAL, false, BLOCK, SHORT_NUMBER_FROM_ABROAD",
    })
    void decidesByCategoryRouteAndRoaming(
            NumberCategory category,
            Ingress ingress,
            boolean ownerAbroad,
            CallAction action,
            String reason) {
        CallerIdAssessment assessment = CallerIdCheck.assess(category, ingress, ownerAbroad);

        assertThat(assessment.action()).isEqualTo(action);
        assertThat(assessment.reason())
                .isEqualTo(reason.isEmpty() ? null : DecisionReason.valueOf(reason));
        assertThat(assessment.flagged()).isEqualTo(action == CallAction.ALLOW && !reason.isEmpty());
    }

    @org.junit.jupiter.api.Test
    void aCallerIdThatIsNoNumberIsBlocked() {
        assertThat(CallerIdCheck.assessInvalid().action()).isEqualTo(CallAction.BLOCK);
        assertThat(CallerIdCheck.assessInvalid().reason())
                .isEqualTo(DecisionReason.INVALID_CALLER_ID);
    }

    @ParameterizedTest
    @CsvSource({
        "OURS, INTERCONNECT, true",
        "OURS, INTERNATIONAL, true",
        "OURS, ON_NET, false",
        "DOMESTIC_MOBILE, INTERNATIONAL, false",
        "UNALLOCATED, INTERCONNECT, false"
    })
    void onlyOurNumbersFromOutsideNeedTheOwnersRoamingState(
            NumberCategory category, Ingress ingress, boolean needed) {
        assertThat(CallerIdCheck.needsRoamingState(category, ingress)).isEqualTo(needed);
    }
}
