package io.convergent.infra.evaluate;

import static io.convergent.infra.evaluate.FraudEvaluationTest.signal;
import static io.convergent.infra.evaluate.ImmunityEvaluationTest.allowed;
import static io.convergent.infra.evaluate.ImmunityEvaluationTest.blocked;
import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.fraud.FraudPattern;
import io.convergent.common.immunity.DecisionReason;
import io.convergent.common.immunity.ImmunityDecision;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScoringWindowTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private static final SpoofingTruth SPOOFED =
            new SpoofingTruth(
                    Map.of(
                            "early",
                            "OUR_NUMBER",
                            "undecided",
                            "UNALLOCATED",
                            "late",
                            "UNALLOCATED"),
                    Map.of("early", 0L, "undecided", 2 * HOUR, "late", 2 * DAY));
    private static final List<ImmunityDecision> DECISIONS =
            List.of(
                    allowed("early", null, 0),
                    blocked("legit-early", DecisionReason.OUR_NUMBER_FROM_OUTSIDE, HOUR),
                    allowed("legit", null, 2 * DAY),
                    blocked("late", DecisionReason.UNALLOCATED_NUMBER, 2 * DAY));
    private static final FraudTruth FRAUD =
            new FraudTruth(Map.of("f-early", "SIM_SWAP_TAKEOVER", "f1", "SOCIAL_ENGINEERING"));
    private static final Map<String, Long> TRANSFERS =
            Map.of("f-early", 0L, "l-early", HOUR, "f1", DAY + HOUR, "l1", 2 * DAY);
    private static final List<io.convergent.common.fraud.FraudSignal> SIGNALS =
            List.of(
                    signal(FraudPattern.SIM_SWAP_TAKEOVER, "f-early"),
                    signal(FraudPattern.SUSPICIOUS_CALL_THEN_TRANSFER, "f1"));

    @Test
    void theOutputSaysFirstWhatTheWarmUpLeftOutAndCountsSignalsAsTheRecall() {
        String printed = printed(new ScoringWindow(0, Duration.ofHours(24)));

        assertThat(printed.lines().findFirst().orElseThrow())
                .isEqualTo(
                        "Not scored: the first 24 h of the history (1970-01-01T00:00:00Z to"
                                + " 1970-01-02T00:00:00Z), a warm-up while the jobs learn who is"
                                + " abroad and whom each customer knows (--warm-up PT0S scores"
                                + " everything): 2 calls (2 spoofed) and 2 transfers"
                                + " (1 fraudulent) left out");
        assertThat(printed)
                .contains("Calls scored: 2\n")
                .contains("(1 spoofed calls, 1 caught, 0 false alarms)")
                .contains("recall 100.000% (1 of 1 fraudulent transfers signalled)")
                .contains("  signals, SUSPICIOUS_CALL_THEN_TRANSFER: 1\n")
                .doesNotContain("SIM_SWAP_TAKEOVER");
    }

    @Test
    void withoutAWarmUpEverythingIsScoredAndSaidSo() {
        String printed = printed(new ScoringWindow(0, Duration.ZERO));

        assertThat(printed)
                .startsWith("Scored: every call and transfer on the topics (no warm-up)\n")
                .contains("Calls scored: 4\n")
                .contains("(3 spoofed calls, 1 caught")
                .contains("  signals, SIM_SWAP_TAKEOVER: 1\n");
        assertThat(ScoringWindow.readable(Duration.ofMinutes(90))).isEqualTo("90 min");
        assertThat(ScoringWindow.readable(Duration.ofSeconds(90))).isEqualTo("PT1M30S");
    }

    private static String printed(ScoringWindow window) {
        ImmunityEvaluation immunity =
                ImmunityEvaluation.of(
                        SPOOFED, new CallerTruth(Set.of(), Set.of()), DECISIONS, window);
        FraudEvaluation fraud = FraudEvaluation.of(FRAUD, SIGNALS, TRANSFERS, window);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        window.print(out, immunity, fraud);
        immunity.print(out);
        fraud.print(out);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
