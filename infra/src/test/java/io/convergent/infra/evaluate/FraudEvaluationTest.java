package io.convergent.infra.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.fraud.FraudEvidence;
import io.convergent.common.fraud.FraudPattern;
import io.convergent.common.fraud.FraudSignal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FraudEvaluationTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void scoresEachTransferOnceByItsStrongestSignal() {
        FraudTruth truth =
                new FraudTruth(
                        Map.of(
                                "f1",
                                "SOCIAL_ENGINEERING",
                                "f2",
                                "SIM_SWAP_TAKEOVER",
                                "f3",
                                "SOCIAL_ENGINEERING"));
        Map<String, Long> transfers =
                Map.of(
                        "f1", DAY, "f2", DAY, "f3", DAY, "l1", DAY, "l2", DAY, "l3", DAY, "early",
                        0L);
        List<FraudSignal> signals =
                List.of(
                        signal(FraudPattern.SUSPICIOUS_CALL_THEN_TRANSFER, "f1"),
                        // A repeat from the at-least-once sink counts once.
                        signal(FraudPattern.SUSPICIOUS_CALL_THEN_TRANSFER, "f1"),
                        signal(FraudPattern.FORWARDING_THEN_TRANSFER, "f2"),
                        signal(FraudPattern.SIM_SWAP_TAKEOVER, "l1"),
                        signal(FraudPattern.FORWARDING_THEN_TRANSFER, "l2"),
                        signal(FraudPattern.SIM_SWAP_TAKEOVER, "early"));

        FraudEvaluation evaluation =
                FraudEvaluation.of(truth, signals, transfers, Duration.ofHours(12));

        assertThat(evaluation.fraudulent()).isEqualTo(3);
        assertThat(evaluation.caught()).isEqualTo(2);
        assertThat(evaluation.recall()).isEqualTo(2.0 / 3);
        assertThat(evaluation.legitimate()).isEqualTo(3);
        assertThat(evaluation.falselyHeld()).isEqualTo(1);
        assertThat(evaluation.falselyReviewed()).isEqualTo(1);
        assertThat(evaluation.falseHoldRate()).isEqualTo(1.0 / 3);
        assertThat(evaluation.byScenario().get("SOCIAL_ENGINEERING")).containsExactly(1, 2);
        // The signal on the transfer of the warm-up is left out with it, as in the recall.
        assertThat(evaluation.signalsByPattern())
                .containsOnly(
                        Map.entry(FraudPattern.SUSPICIOUS_CALL_THEN_TRANSFER, 1L),
                        Map.entry(FraudPattern.FORWARDING_THEN_TRANSFER, 2L),
                        Map.entry(FraudPattern.SIM_SWAP_TAKEOVER, 1L));
        assertThat(evaluation.transfersLeftOut()).isEqualTo(1);
        assertThat(evaluation.fraudulentLeftOut()).isZero();
    }

    static FraudSignal signal(FraudPattern pattern, String transfer) {
        return FraudSignal.of(
                pattern,
                "k1.customer",
                "k1.subscriber",
                List.of(new FraudEvidence("transfer", transfer, DAY)),
                DAY);
    }
}
