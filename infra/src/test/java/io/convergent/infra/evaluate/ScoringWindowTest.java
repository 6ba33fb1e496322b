package io.convergent.infra.evaluate;

import static io.convergent.infra.evaluate.FraudEvaluationTest.signal;
import static io.convergent.infra.evaluate.ImmunityEvaluationTest.allowed;
import static io.convergent.infra.evaluate.ImmunityEvaluationTest.blocked;
import static org.assertj.core.api.Assertions.assertThat;

import io.convergent.common.fraud.FraudPattern;
import io.convergent.common.fraud.FraudSignal;
import io.convergent.common.immunity.DecisionReason;
import io.convergent.common.immunity.ImmunityDecision;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    private static final List<FraudSignal> SIGNALS =
            List.of(
                    signal(FraudPattern.SIM_SWAP_TAKEOVER, "f-early"),
                    signal(FraudPattern.SUSPICIOUS_CALL_THEN_TRANSFER, "f1"));

    @Test
    void theOutputSaysFirstWhatTheWarmUpLeftOutAndCountsSignalsAsTheRecall() {
        String printed = printed(new ScoringWindow(0, Duration.ofHours(24)));

        assertThat(printed.lines().limit(2).toList())
                .containsExactly(
                        "History: every call and transfer on the topics (no time span in the"
                                + " truth's summary.json: another run's on the topics would count"
                                + " too)",
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
                .contains("\nScored: every call and transfer of the history (no warm-up)\n")
                .contains("Calls scored: 4\n")
                .contains("(3 spoofed calls, 1 caught")
                .contains("  signals, SIM_SWAP_TAKEOVER: 1\n");
        assertThat(ScoringWindow.readable(Duration.ofMinutes(90))).isEqualTo("90 min");
        assertThat(ScoringWindow.readable(Duration.ofSeconds(90))).isEqualTo("PT1M30S");
    }

    @Test
    void onlyTheTruthsTimeSpanIsScoredAndWhatElseIsOnTheTopicsIsSaid(@TempDir Path truth)
            throws Exception {
        // As the generator's GroundTruth writes it; the calls of another run come days later.
        Files.writeString(
                truth.resolve(ScoringWindow.SUMMARY),
                """
                {"format_version": 1, "events": 12,
                 "first_event_time": "1970-01-01T00:00:00Z",
                 "last_event_time": "1970-01-03T00:00:00Z"}
                """);
        ScoringWindow window = ScoringWindow.of(truth, 5 * DAY, Duration.ofHours(24));
        List<ImmunityDecision> withAnotherRun = new ArrayList<>(DECISIONS);
        withAnotherRun.add(blocked("other-run", DecisionReason.OUR_NUMBER_FROM_OUTSIDE, 10 * DAY));
        Map<String, Long> transfers = new HashMap<>(TRANSFERS);
        transfers.put("other-run", 10 * DAY);
        List<FraudSignal> signals = new ArrayList<>(SIGNALS);
        signals.add(signal(FraudPattern.SIM_SWAP_TAKEOVER, "other-run"));

        String printed = printed(window, withAnotherRun, transfers, signals);

        assertThat(window.bounded()).isTrue();
        assertThat(printed.lines().findFirst().orElseThrow())
                .isEqualTo(
                        "History: the truth's, 1970-01-01T00:00:00Z to 1970-01-03T00:00:00Z (its"
                                + " summary.json); 1 calls and 1 transfers on the topics outside"
                                + " it not counted");
        // The other run's blocked call is no false alarm here, nor its transfer held.
        assertThat(printed)
                .contains("(1 spoofed calls, 1 caught, 0 false alarms)")
                .contains("legitimate transfers held: 0 of 1")
                .doesNotContain("SIM_SWAP_TAKEOVER");
    }

    @Test
    void aTruthWithoutATimeSpanScoresTheTopicsFromTheirFirstCall(@TempDir Path truth)
            throws Exception {
        assertThat(ScoringWindow.of(truth, 5 * DAY, Duration.ZERO))
                .isEqualTo(new ScoringWindow(5 * DAY, Duration.ZERO));
        Files.writeString(truth.resolve(ScoringWindow.SUMMARY), "{\"events\": 0}");
        assertThat(ScoringWindow.of(truth, 5 * DAY, Duration.ZERO).bounded()).isFalse();
    }

    @Test
    void aWarmUpLongerThanTheTruthsSpanIsSaidToLeaveNothing() {
        String printed = printed(new ScoringWindow(0, Duration.ofHours(24), HOUR));

        assertThat(printed)
                .contains(
                        "warning: the warm-up is longer than the history: nothing is scored;"
                                + " --warm-up PT0S scores everything")
                .contains("Calls scored: 0\n");
    }

    private static String printed(ScoringWindow window) {
        return printed(window, DECISIONS, TRANSFERS, SIGNALS);
    }

    private static String printed(
            ScoringWindow window,
            List<ImmunityDecision> decisions,
            Map<String, Long> transfers,
            List<FraudSignal> signals) {
        ImmunityEvaluation immunity =
                ImmunityEvaluation.of(
                        SPOOFED, new CallerTruth(Set.of(), Set.of()), decisions, window);
        FraudEvaluation fraud = FraudEvaluation.of(FRAUD, signals, transfers, window);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        window.print(out, immunity, fraud);
        immunity.print(out);
        fraud.print(out);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
