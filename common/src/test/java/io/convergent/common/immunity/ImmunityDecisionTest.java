package io.convergent.common.immunity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.event.Ingress;
import io.convergent.common.numbering.NumberCategory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImmunityDecisionTest {

    @Test
    void aDecisionRoundTripsThroughItsJsonPayload() {
        ImmunityDecision decision =
                ImmunityDecision.ofCallerId(
                        "e-1",
                        "c-1",
                        CallerIdCheck.assess(NumberCategory.OURS, Ingress.INTERCONNECT, false),
                        "k1.AAAAAAAAAAAAAAAAAAAAAA",
                        "k1.BBBBBBBBBBBBBBBBBBBBBB",
                        NumberCategory.OURS,
                        Ingress.INTERCONNECT,
                        1_000L,
                        1_005L);

        byte[] json = decision.toJson();

        assertThat(ImmunityDecision.fromJson(json)).isEqualTo(decision);
        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("\"decisionId\":\"e-1/caller-id\"")
                .contains("\"action\":\"BLOCK\"")
                .contains("\"layer\":\"SPOOFING\"")
                .contains("\"reason\":\"OUR_NUMBER_FROM_OUTSIDE\"");
    }

    @Test
    void aCleanCallHasNoLayerAndIsNotFlagged() {
        ImmunityDecision decision =
                ImmunityDecision.ofCallerId(
                        "e-2",
                        "c-2",
                        CallerIdAssessment.CLEAN,
                        "k1.AAAAAAAAAAAAAAAAAAAAAA",
                        "k1.BBBBBBBBBBBBBBBBBBBBBB",
                        NumberCategory.FOREIGN,
                        Ingress.INTERNATIONAL,
                        1_000L,
                        1_005L);

        assertThat(decision.layer()).isNull();
        assertThat(decision.flagged()).isFalse();
        assertThat(ImmunityDecision.fromJson(decision.toJson())).isEqualTo(decision);
    }

    @Test
    void aBlockWithoutAReasonIsRefused() {
        assertThatThrownBy(
                        () ->
                                new ImmunityDecision(
                                        "d",
                                        "e",
                                        "c",
                                        CallAction.BLOCK,
                                        null,
                                        "a",
                                        "b",
                                        NumberCategory.OURS,
                                        Ingress.INTERCONNECT,
                                        0,
                                        0))
                .hasMessage("a block needs a reason");
    }
}
