package io.convergent.common.immunity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.convergent.common.event.Ingress;
import io.convergent.common.numbering.NumberCategory;
import io.convergent.common.topic.PublishedFields;
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
    void aReasonOrCategoryALaterReleaseAddedIsNamedAndAnUnknownReputationSignalIsSkipped() {
        ImmunityDecision decided =
                clean().withReputation(
                                CallerReputation.of(MASS_DIALLER, STANDARD),
                                STANDARD,
                                true,
                                2_000L);
        String json = new String(decided.toJson(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"callerCategory\":\"DOMESTIC_MOBILE\"");

        assertThatThrownBy(
                        () ->
                                ImmunityDecision.fromJson(
                                        json.replace("MASS_DIALLING\"", "ROBOCALL_VOICE\"")
                                                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PublishedFields.UnknownValueException.class)
                .hasMessage(
                        "decision field reason is 'ROBOCALL_VOICE', which this release does not"
                                + " know (written by a later one?)");
        assertThatThrownBy(
                        () ->
                                ImmunityDecision.fromJson(
                                        json.replace("\"DOMESTIC_MOBILE\"", "\"SATELLITE\"")
                                                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(PublishedFields.UnknownValueException.class)
                .hasMessageContaining("callerCategory is 'SATELLITE'");

        String firstSignal = decided.reputation().signals().iterator().next().name();
        ImmunityDecision withAnUnknownSignal =
                ImmunityDecision.fromJson(
                        json.replace(
                                        "\"signals\":[\"" + firstSignal + "\"",
                                        "\"signals\":[\"VOICE_CLONE\",\"" + firstSignal + "\"")
                                .getBytes(StandardCharsets.UTF_8));
        assertThat(json).contains("\"signals\":[\"" + firstSignal + "\"");
        assertThat(withAnUnknownSignal).isEqualTo(decided);
    }

    @Test
    void aPayloadMissingARequiredFieldIsRefusedByName() {
        String json = new String(clean().toJson(), StandardCharsets.UTF_8);

        assertThatThrownBy(
                        () ->
                                ImmunityDecision.fromJson(
                                        json.replace("\"callId\"", "\"callRef\"")
                                                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("decision has no callId");
        assertThatThrownBy(
                        () ->
                                ImmunityDecision.fromJson(
                                        json.replace("\"callTime\"", "\"callTimeMs\"")
                                                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("decision has no callTime");
        assertThatThrownBy(() -> ImmunityDecision.fromJson("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a decision payload: not a JSON object");
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
                                        0,
                                        null))
                .hasMessage("a block needs a reason");
    }

    @Test
    void aWithheldCallerHasNoNumberAndOnlyAWithheldCallerMayLackOne() {
        ImmunityDecision withheld =
                ImmunityDecision.ofWithheldCaller(
                        "e-3", "c-3", "k1.BBBBBBBBBBBBBBBBBBBBBB", Ingress.INTERNATIONAL, 1, 2);

        assertThat(withheld.caller()).isNull();
        assertThat(withheld.flagged()).isFalse();
        assertThat(new String(withheld.toJson(), StandardCharsets.UTF_8))
                .contains("\"caller\":null")
                .contains("\"callerCategory\":\"WITHHELD\"");
        assertThat(ImmunityDecision.fromJson(withheld.toJson())).isEqualTo(withheld);
        assertThatThrownBy(
                        () ->
                                new ImmunityDecision(
                                        "d",
                                        "e",
                                        "c",
                                        CallAction.ALLOW,
                                        null,
                                        null,
                                        "b",
                                        NumberCategory.OURS,
                                        Ingress.INTERCONNECT,
                                        0,
                                        0,
                                        null))
                .hasMessageContaining("absent exactly when it was withheld");
        assertThatThrownBy(
                        () ->
                                new ImmunityDecision(
                                        "d",
                                        "e",
                                        "c",
                                        CallAction.ALLOW,
                                        null,
                                        "a",
                                        "b",
                                        NumberCategory.WITHHELD,
                                        Ingress.INTERCONNECT,
                                        0,
                                        0,
                                        null))
                .hasMessageContaining("absent exactly when it was withheld");
    }

    private static final ReputationThresholds STANDARD = ReputationThresholds.standard();

    /** 25 unanswered calls to new callees in four minutes: a mass dialler. */
    private static final ReputationFeatures MASS_DIALLER =
            new ReputationFeatures(25, 25, 0, 0, 25, 25, 0, 0, 0, 0, 0, -1);

    /** Eight calls to new callees, one answered and hung up on: poor, not yet blocked. */
    private static final ReputationFeatures SUSPICIOUS =
            new ReputationFeatures(8, 8, 0.125, 0, 8, 8, 0.125, 1, 3, 0, 0, -1);

    private static final ReputationFeatures ORDINARY =
            new ReputationFeatures(2, 1, 1, 0, 6, 2, 0.8, 0, 120, 0, 0, -1);

    @Test
    void theReputationBlocksAMassDiallerTheCallerIdLayerAllowed() {
        ImmunityDecision decided =
                clean().withReputation(
                                CallerReputation.of(MASS_DIALLER, STANDARD),
                                STANDARD,
                                true,
                                2_000L);

        assertThat(decided.action()).isEqualTo(CallAction.BLOCK);
        assertThat(decided.reason()).isEqualTo(DecisionReason.MASS_DIALLING);
        assertThat(decided.layer()).isEqualTo(ImmunityLayer.MASS_DIALLING);
        assertThat(decided.decisionId()).isEqualTo("e-2/caller-id");
        assertThat(decided.decidedAt()).isEqualTo(2_000L);
        assertThat(ImmunityDecision.fromJson(decided.toJson())).isEqualTo(decided);
    }

    @Test
    void aPoorReputationShortOfABlockFlagsTheCallOnlyForANewCallee() {
        CallerReputation reputation = CallerReputation.of(SUSPICIOUS, STANDARD);
        assertThat(reputation.blockReason(STANDARD)).isNull();
        assertThat(reputation.warrantsHint(STANDARD)).isTrue();

        ImmunityDecision toStranger = clean().withReputation(reputation, STANDARD, true, 2_000L);
        ImmunityDecision toKnownCallee =
                clean().withReputation(reputation, STANDARD, false, 2_000L);

        assertThat(toStranger.flagged()).isTrue();
        assertThat(toStranger.reason()).isEqualTo(DecisionReason.POOR_REPUTATION);
        assertThat(toKnownCallee.action()).isEqualTo(CallAction.ALLOW);
        assertThat(toKnownCallee.flagged()).isFalse();
        assertThat(toKnownCallee.reputation()).isEqualTo(reputation);
    }

    @Test
    void aCallerIdBlockStandsWithoutAReputation() {
        ImmunityDecision spoofed =
                ImmunityDecision.ofCallerId(
                        "e-3",
                        "c-3",
                        CallerIdCheck.assess(NumberCategory.OURS, Ingress.INTERCONNECT, false),
                        "k1.AAAAAAAAAAAAAAAAAAAAAA",
                        "k1.BBBBBBBBBBBBBBBBBBBBBB",
                        NumberCategory.OURS,
                        Ingress.INTERCONNECT,
                        1_000L,
                        1_005L);

        assertThat(
                        spoofed.withReputation(
                                CallerReputation.of(ORDINARY, STANDARD), STANDARD, true, 2_000L))
                .isSameAs(spoofed);
    }

    @Test
    void anOrdinaryCallerLeavesACleanCallCleanWithItsReputationAttached() {
        ImmunityDecision decided =
                clean().withReputation(
                                CallerReputation.of(ORDINARY, STANDARD), STANDARD, true, 2_000L);

        assertThat(decided.action()).isEqualTo(CallAction.ALLOW);
        assertThat(decided.reason()).isNull();
        String json = new String(decided.toJson(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"reputation\":{\"score\":0.0,\"signals\":[]");
        assertThat(ImmunityDecision.fromJson(decided.toJson())).isEqualTo(decided);
    }

    private static ImmunityDecision clean() {
        return ImmunityDecision.ofCallerId(
                "e-2",
                "c-2",
                CallerIdAssessment.CLEAN,
                "k1.AAAAAAAAAAAAAAAAAAAAAA",
                "k1.BBBBBBBBBBBBBBBBBBBBBB",
                NumberCategory.DOMESTIC_MOBILE,
                Ingress.INTERCONNECT,
                1_000L,
                1_005L);
    }
}
