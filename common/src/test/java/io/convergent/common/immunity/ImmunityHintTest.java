package io.convergent.common.immunity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.event.Ingress;
import io.convergent.common.numbering.NumberCategory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImmunityHintTest {

    @Test
    void aFlaggedCallHintsPossibleFraudToTheCalledSubscriber() {
        ImmunityDecision flagged =
                decision(
                        CallerIdCheck.assess(
                                NumberCategory.DOMESTIC_MOBILE, Ingress.INTERNATIONAL, false));

        ImmunityHint hint = ImmunityHint.forFlaggedCall(flagged);

        assertThat(hint.hintId()).isEqualTo("e-1/hint");
        assertThat(hint.subscriber()).isEqualTo("k1.CALLEE");
        assertThat(hint.label()).isEqualTo(HintLabel.POSSIBLE_FRAUD);
        assertThat(hint.confidence()).isEqualTo(ImmunityHint.CALLER_ID_FLAG_CONFIDENCE);
        assertThat(ImmunityHint.fromJson(hint.toJson())).isEqualTo(hint);
        assertThat(new String(hint.toJson(), StandardCharsets.UTF_8))
                .contains("\"label\":\"possible fraud\"");
    }

    @Test
    void onlyAFlaggedCallMakesAHint() {
        ImmunityDecision blocked =
                decision(
                        CallerIdCheck.assess(
                                NumberCategory.UNALLOCATED, Ingress.INTERCONNECT, false));
        ImmunityDecision clean = decision(CallerIdAssessment.CLEAN);

        assertThatThrownBy(() -> ImmunityHint.forFlaggedCall(blocked))
                .hasMessage("only a flagged decision makes a hint, got e-1/caller-id");
        assertThatThrownBy(() -> ImmunityHint.forFlaggedCall(clean))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConfidenceOutsideZeroToOneIsRefused() {
        assertThatThrownBy(
                        () ->
                                new ImmunityHint(
                                        "h",
                                        "e",
                                        "c",
                                        "s",
                                        HintLabel.POSSIBLE_SPAM,
                                        1.5,
                                        DecisionReason.UNALLOCATED_NUMBER,
                                        0,
                                        0))
                .hasMessage("confidence must be in [0, 1], got 1.5");
    }

    @Test
    void aPoorReputationHintsPossibleSpamWithItsScoreAsConfidence() {
        ReputationThresholds standard = ReputationThresholds.standard();
        CallerReputation reputation =
                CallerReputation.of(
                        new ReputationFeatures(8, 8, 0.125, 0, 8, 8, 0.125, 1, 3, 0, 0, -1),
                        standard);
        ImmunityDecision flagged =
                decision(CallerIdAssessment.CLEAN)
                        .withReputation(reputation, standard, true, 1_003L);

        ImmunityHint hint = ImmunityHint.forFlaggedCall(flagged);

        assertThat(hint.label()).isEqualTo(HintLabel.POSSIBLE_SPAM);
        assertThat(hint.confidence()).isEqualTo(reputation.score());
        assertThat(hint.reason()).isEqualTo(DecisionReason.POOR_REPUTATION);
        assertThat(hint.issuedAt()).isEqualTo(1_003L);
    }

    @Test
    void aCallerIdFlagKeepsItsFloorOfConfidenceAndRisesWithAPoorReputation() {
        ReputationThresholds standard = ReputationThresholds.standard();
        ImmunityDecision viaGateway =
                decision(
                        CallerIdCheck.assess(
                                NumberCategory.DOMESTIC_MOBILE, Ingress.INTERNATIONAL, false));
        CallerReputation poor =
                CallerReputation.of(
                        new ReputationFeatures(8, 8, 0.125, 0.4, 8, 8, 0.125, 1, 3, 0, 1, -1),
                        standard);

        ImmunityHint plain = ImmunityHint.forFlaggedCall(viaGateway);
        ImmunityHint withPoorReputation =
                ImmunityHint.forFlaggedCall(
                        viaGateway.withReputation(poor, standard, true, 1_003L));

        assertThat(plain.label()).isEqualTo(HintLabel.POSSIBLE_FRAUD);
        assertThat(plain.confidence()).isEqualTo(ImmunityHint.CALLER_ID_FLAG_CONFIDENCE);
        assertThat(withPoorReputation.label()).isEqualTo(HintLabel.POSSIBLE_FRAUD);
        assertThat(withPoorReputation.reason())
                .isEqualTo(DecisionReason.DOMESTIC_MOBILE_VIA_INTERNATIONAL);
        assertThat(withPoorReputation.confidence()).isEqualTo(poor.score()).isGreaterThan(0.7);
    }

    private static ImmunityDecision decision(CallerIdAssessment assessment) {
        return ImmunityDecision.ofCallerId(
                "e-1",
                "c-1",
                assessment,
                "k1.CALLER",
                "k1.CALLEE",
                NumberCategory.DOMESTIC_MOBILE,
                Ingress.INTERNATIONAL,
                1_000L,
                1_002L);
    }
}
