package io.convergent.infra.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.Ingress;
import io.convergent.common.identity.IdentifierKind;
import io.convergent.common.identity.Identifiers;
import io.convergent.common.identity.PseudonymKey;
import io.convergent.common.identity.PseudonymKeyRing;
import io.convergent.common.identity.Pseudonymiser;
import io.convergent.common.immunity.CallAction;
import io.convergent.common.immunity.DecisionReason;
import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.common.immunity.ImmunityLayer;
import io.convergent.common.numbering.NumberCategory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImmunityEvaluationTest {

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final CallerTruth NO_CALLERS = new CallerTruth(Set.of(), Set.of());

    @Test
    void scoresMassDiallingPerCallPerNumberAndAmongLegitimateCallers() {
        CallerTruth callers = new CallerTruth(Set.of("k1.spam1", "k1.spam2"), Set.of("k1.shop"));
        List<ImmunityDecision> decisions =
                List.of(
                        from("k1.spam1", "a1", CallAction.ALLOW, null),
                        from("k1.spam1", "a2", CallAction.ALLOW, DecisionReason.POOR_REPUTATION),
                        from("k1.spam1", "a3", CallAction.BLOCK, DecisionReason.MASS_DIALLING),
                        from("k1.spam1", "a4", CallAction.BLOCK, DecisionReason.MASS_DIALLING),
                        from("k1.spam2", "b1", CallAction.ALLOW, null),
                        from("k1.shop", "c1", CallAction.ALLOW, null),
                        from("k1.shop", "c2", CallAction.BLOCK, DecisionReason.MANY_COMPLAINTS),
                        from("k1.person", "d1", CallAction.ALLOW, null),
                        // Blocked by the caller-id layer: not a mass-dial false block.
                        from(
                                "k1.other",
                                "e1",
                                CallAction.BLOCK,
                                DecisionReason.UNALLOCATED_NUMBER));

        ImmunityEvaluation evaluation =
                ImmunityEvaluation.of(
                        new SpoofingTruth(Map.of()), callers, decisions, Duration.ZERO);

        MassDialScore m = evaluation.massDialling();
        assertThat(m).isEqualTo(new MassDialScore(5, 2, 1, 2, 1, 3, 1, 1, 1, 1));
        assertThat(m.callRecall()).isEqualTo(0.4);
        assertThat(m.numberRecall()).isEqualTo(0.5);
        assertThat(m.falseBlockRate()).isEqualTo(1.0 / 3);
        assertThat(evaluation.hintsByLabel()).containsExactly(Map.entry("possible spam", 1L));
        // A reputation block of a legitimate call is not a caller-id false alarm.
        assertThat(evaluation.callerId().falsePositives()).isEqualTo(1);
    }

    @Test
    void readsTheTruthsNumbersAsPseudonyms(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve(CallerTruth.SPAMMERS_FILE),
                "number,first_seen\n+79121234567,2026-11-22T10:00:00Z\n");
        Files.writeString(dir.resolve(CallerTruth.BULK_CALLERS_FILE), "number,first_seen\n");
        byte[] secret = new byte[32];
        Pseudonymiser pseudonymiser =
                new Pseudonymiser(
                        PseudonymKeyRing.of(new PseudonymKey(1, secret)), Identifiers.russian());

        CallerTruth truth = CallerTruth.read(dir, pseudonymiser);

        assertThat(truth.spammers())
                .containsExactly(pseudonymiser.pseudonymise(IdentifierKind.MSISDN, "+79121234567"));
        assertThat(truth.bulkCallers()).isEmpty();
    }

    @Test
    void countsEachCallOnceAndScoresCaughtMissedAndFalseAlarms() {
        SpoofingTruth truth =
                new SpoofingTruth(
                        Map.of("s1", "OUR_NUMBER", "s2", "UNALLOCATED", "s3", "OUR_NUMBER"));
        List<ImmunityDecision> decisions =
                List.of(
                        blocked("s1", DecisionReason.OUR_NUMBER_FROM_OUTSIDE, DAY),
                        // A repeat from the at-least-once sink counts once.
                        blocked("s1", DecisionReason.OUR_NUMBER_FROM_OUTSIDE, DAY),
                        blocked("s2", DecisionReason.UNALLOCATED_NUMBER, DAY),
                        allowed("s3", null, DAY),
                        blocked("legit-1", DecisionReason.OUR_NUMBER_FROM_OUTSIDE, DAY),
                        allowed("legit-2", DecisionReason.DOMESTIC_MOBILE_VIA_INTERNATIONAL, DAY),
                        allowed("legit-3", null, DAY),
                        allowed("legit-4", null, DAY));

        ImmunityEvaluation evaluation =
                ImmunityEvaluation.of(truth, NO_CALLERS, decisions, Duration.ZERO);

        assertThat(evaluation.callerId()).isEqualTo(new DetectionScore(2, 2, 1, 2));
        assertThat(evaluation.callerId().precision()).isEqualTo(0.5);
        assertThat(evaluation.callerId().recall()).isEqualTo(2.0 / 3);
        assertThat(evaluation.legitimateBlocked()).isEqualTo(1);
        assertThat(evaluation.falseBlockRate()).isEqualTo(0.25);
        assertThat(evaluation.recallByKind())
                .containsEntry("OUR_NUMBER", 0.5)
                .containsEntry("UNALLOCATED", 1.0);
        assertThat(evaluation.blocksByLayer())
                .containsEntry(ImmunityLayer.SPOOFING, 2L)
                .containsEntry(ImmunityLayer.NUMBERING, 1L);
    }

    @Test
    void callsInTheWarmUpAreNotScoredAndASpoofedCallNeverDecidedIsAMiss() {
        SpoofingTruth truth =
                new SpoofingTruth(Map.of("early", "OUR_NUMBER", "undecided", "UNALLOCATED"));
        List<ImmunityDecision> decisions =
                List.of(
                        allowed("early", null, 0),
                        blocked("legit-early", DecisionReason.OUR_NUMBER_FROM_OUTSIDE, 1),
                        allowed("legit", null, 2 * DAY));

        ImmunityEvaluation evaluation =
                ImmunityEvaluation.of(truth, NO_CALLERS, decisions, Duration.ofDays(1));

        assertThat(evaluation.decisions()).isEqualTo(1);
        assertThat(evaluation.callerId()).isEqualTo(new DetectionScore(0, 0, 1, 1));
        assertThat(evaluation.callsLeftOut()).isEqualTo(2);
        assertThat(evaluation.spoofedLeftOut()).isEqualTo(1);
    }

    @Test
    void aSpoofedCallOfTheWarmUpNeverDecidedIsLeftOutNotMissed() {
        SpoofingTruth truth =
                new SpoofingTruth(
                        Map.of("early", "OUR_NUMBER", "late", "UNALLOCATED"),
                        Map.of("early", 1L, "late", 2 * DAY));
        List<ImmunityDecision> decisions = List.of(allowed("legit", null, 0));

        ImmunityEvaluation evaluation =
                ImmunityEvaluation.of(
                        truth, NO_CALLERS, decisions, new ScoringWindow(0, Duration.ofDays(1)));

        assertThat(evaluation.callerId()).isEqualTo(new DetectionScore(0, 0, 1, 0));
        assertThat(evaluation.recallByKind()).containsOnlyKeys("UNALLOCATED");
        assertThat(evaluation.callsLeftOut()).isEqualTo(1);
        assertThat(evaluation.spoofedLeftOut()).isEqualTo(1);
    }

    @Test
    void aRatioWithNothingToDivideIsNotAFlatteringOne() {
        DetectionScore nothing = new DetectionScore(0, 0, 0, 0);

        assertThat(nothing.precision()).isNaN();
        assertThat(nothing.recall()).isNaN();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImmunityEvaluation.of(new SpoofingTruth(Map.of()), NO_CALLERS, List.of(), Duration.ZERO)
                .print(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("precision n/a, recall n/a");
    }

    @Test
    void readsTheGeneratorsSpoofedCallsAndRefusesAnotherFile(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve(SpoofingTruth.FILE),
                "event_id,spoof_kind,time\ne1,OUR_NUMBER,2026-11-22T10:00:00Z\n");
        assertThat(SpoofingTruth.read(dir).kindByEventId()).containsEntry("e1", "OUR_NUMBER");
        assertThat(SpoofingTruth.read(dir).timeByEventId())
                .containsEntry(
                        "e1", java.time.Instant.parse("2026-11-22T10:00:00Z").toEpochMilli());

        Files.writeString(dir.resolve(SpoofingTruth.FILE), "number,first_seen\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SpoofingTruth.read(dir))
                .hasMessageEndingWith(":1: expected header 'event_id,spoof_kind,time'");
    }

    private static ImmunityDecision from(
            String caller, String eventId, CallAction action, DecisionReason reason) {
        ImmunityDecision d = decision(eventId, action, reason, DAY);
        return new ImmunityDecision(
                d.decisionId(),
                d.eventId(),
                d.callId(),
                d.action(),
                d.reason(),
                caller,
                d.callee(),
                d.callerCategory(),
                d.ingress(),
                d.callTime(),
                d.decidedAt(),
                null);
    }

    static ImmunityDecision blocked(String eventId, DecisionReason reason, long time) {
        return decision(eventId, CallAction.BLOCK, reason, time);
    }

    static ImmunityDecision allowed(String eventId, DecisionReason reason, long time) {
        return decision(eventId, CallAction.ALLOW, reason, time);
    }

    private static ImmunityDecision decision(
            String eventId, CallAction action, DecisionReason reason, long time) {
        return new ImmunityDecision(
                eventId + "/caller-id",
                eventId,
                "c-" + eventId,
                action,
                reason,
                "k1.A",
                "k1.B",
                NumberCategory.OURS,
                Ingress.INTERCONNECT,
                time,
                time,
                null);
    }
}
