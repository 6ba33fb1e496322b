package io.convergent.infra.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.event.Ingress;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImmunityEvaluationTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

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

        ImmunityEvaluation evaluation = ImmunityEvaluation.of(truth, decisions, Duration.ZERO);

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

        ImmunityEvaluation evaluation = ImmunityEvaluation.of(truth, decisions, Duration.ofDays(1));

        assertThat(evaluation.decisions()).isEqualTo(1);
        assertThat(evaluation.callerId()).isEqualTo(new DetectionScore(0, 0, 1, 1));
    }

    @Test
    void aRatioWithNothingToDivideIsNotAFlatteringOne() {
        DetectionScore nothing = new DetectionScore(0, 0, 0, 0);

        assertThat(nothing.precision()).isNaN();
        assertThat(nothing.recall()).isNaN();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImmunityEvaluation.of(new SpoofingTruth(Map.of()), List.of(), Duration.ZERO)
                .print(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("precision n/a, recall n/a");
    }

    @Test
    void readsTheGeneratorsSpoofedCallsAndRefusesAnotherFile(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve(SpoofingTruth.FILE),
                "event_id,spoof_kind,time\ne1,OUR_NUMBER,2026-11-22T10:00:00Z\n");
        assertThat(SpoofingTruth.read(dir).kindByEventId()).containsEntry("e1", "OUR_NUMBER");

        Files.writeString(dir.resolve(SpoofingTruth.FILE), "number,first_seen\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SpoofingTruth.read(dir))
                .hasMessageEndingWith(":1: expected header 'event_id,spoof_kind,time'");
    }

    private static ImmunityDecision blocked(String eventId, DecisionReason reason, long time) {
        return decision(eventId, CallAction.BLOCK, reason, time);
    }

    private static ImmunityDecision allowed(String eventId, DecisionReason reason, long time) {
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
