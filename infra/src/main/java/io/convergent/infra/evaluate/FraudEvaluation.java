package io.convergent.infra.evaluate;

import io.convergent.common.event.BankTransactionEvent;
import io.convergent.common.event.BankTransactionType;
import io.convergent.common.event.schema.EventParser;
import io.convergent.common.event.schema.ParseResult;
import io.convergent.common.fraud.FraudPattern;
import io.convergent.common.fraud.FraudSignal;
import io.convergent.common.identity.Identifiers;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores the fraud signals of a run against the generator's fraudulent transfers. Every transfer
 * counts once: a fraudulent one is caught when any signal names it (HOLD or REVIEW), per scheme; a
 * legitimate one is falsely held when a HOLD signal names it. Transfers in the warm-up of the
 * {@link ScoringWindow} are not scored, nor the signals on them (the contact memory is still empty
 * then: every caller is a stranger); they are counted as left out.
 *
 * @param signalsByPattern the signals on the transfers scored, per pattern
 * @param transfersLeftOut transfers in the warm-up, not scored
 * @param fraudulentLeftOut fraudulent transfers among them
 * @param transfersOutside transfers outside the truth's history (another run's), not counted
 */
public record FraudEvaluation(
        long fraudulent,
        long caught,
        Map<String, long[]> byScenario,
        long legitimate,
        long falselyHeld,
        long falselyReviewed,
        Map<FraudPattern, Long> signalsByPattern,
        long transfersLeftOut,
        long fraudulentLeftOut,
        long transfersOutside) {

    /**
     * Scores the transfers after {@code warmUp} from the earliest transfer.
     *
     * @param transfers every transfer of the run, event id to time (epoch ms)
     */
    public static FraudEvaluation of(
            FraudTruth truth,
            Collection<FraudSignal> signals,
            Map<String, Long> transfers,
            Duration warmUp) {
        return of(
                truth, signals, transfers, new ScoringWindow(earliestTransfer(transfers), warmUp));
    }

    /** The time of the earliest transfer (epoch ms), or 0 without any. */
    public static long earliestTransfer(Map<String, Long> transfers) {
        return transfers.values().stream().mapToLong(Long::longValue).min().orElse(0L);
    }

    /**
     * Scores the transfers {@code window} scores, and counts only the signals on them.
     *
     * @param transfers every transfer of the run, event id to time (epoch ms)
     */
    public static FraudEvaluation of(
            FraudTruth truth,
            Collection<FraudSignal> signals,
            Map<String, Long> transfers,
            ScoringWindow window) {
        Map<String, FraudPattern.RecommendedAction> strongest = new HashMap<>();
        Map<FraudPattern, Long> byPattern = new TreeMap<>();
        Map<String, Boolean> seenSignal = new HashMap<>();
        for (FraudSignal signal : signals) {
            if (seenSignal.put(signal.signalId(), Boolean.TRUE) != null
                    || !window.scores(
                            transfers.getOrDefault(
                                    signal.transferEventId(), signal.transferTime()))) {
                continue;
            }
            byPattern.merge(signal.pattern(), 1L, Long::sum);
            strongest.merge(
                    signal.transferEventId(),
                    signal.action(),
                    (a, b) -> a == FraudPattern.RecommendedAction.HOLD ? a : b);
        }
        long fraudulent = 0;
        long caught = 0;
        long legitimate = 0;
        long held = 0;
        long reviewed = 0;
        long transfersLeftOut = 0;
        long fraudulentLeftOut = 0;
        long transfersOutside = 0;
        Map<String, long[]> scenarios = new TreeMap<>();
        for (Map.Entry<String, Long> transfer : transfers.entrySet()) {
            ScoringWindow.Part part = window.part(transfer.getValue());
            if (part == ScoringWindow.Part.OUTSIDE) {
                transfersOutside++;
                continue;
            }
            if (part == ScoringWindow.Part.WARM_UP) {
                transfersLeftOut++;
                if (truth.fraudulent(transfer.getKey())) {
                    fraudulentLeftOut++;
                }
                continue;
            }
            FraudPattern.RecommendedAction action = strongest.get(transfer.getKey());
            if (truth.fraudulent(transfer.getKey())) {
                fraudulent++;
                long[] counts =
                        scenarios.computeIfAbsent(
                                truth.scenarioByTransfer().get(transfer.getKey()),
                                k -> new long[2]);
                counts[1]++;
                if (action != null) {
                    caught++;
                    counts[0]++;
                }
            } else {
                legitimate++;
                if (action == FraudPattern.RecommendedAction.HOLD) {
                    held++;
                } else if (action == FraudPattern.RecommendedAction.REVIEW) {
                    reviewed++;
                }
            }
        }
        return new FraudEvaluation(
                fraudulent,
                caught,
                scenarios,
                legitimate,
                held,
                reviewed,
                byPattern,
                transfersLeftOut,
                fraudulentLeftOut,
                transfersOutside);
    }

    /**
     * The transfers among {@code bank.transactions} payloads (event id to time); others skipped.
     */
    public static Map<String, Long> transfersIn(Collection<byte[]> payloads) {
        EventParser<BankTransactionEvent> parser =
                new EventParser<>(BankTransactionEvent.SCHEMA, Identifiers.russian());
        Map<String, Long> transfers = new HashMap<>();
        for (byte[] payload : payloads) {
            ParseResult<BankTransactionEvent> parsed = parser.parse(payload);
            if (parsed.accepted() && parsed.event().type() == BankTransactionType.TRANSFER) {
                transfers.putIfAbsent(parsed.event().eventId(), parsed.event().eventTime());
            }
        }
        return transfers;
    }

    public double recall() {
        return DetectionScore.ratio(caught, fraudulent);
    }

    public double falseHoldRate() {
        return DetectionScore.ratio(falselyHeld, legitimate);
    }

    public void print(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "Fraud signals: recall %s (%d of %d fraudulent transfers signalled)%n",
                DetectionScore.percent(recall()),
                caught,
                fraudulent);
        byScenario.forEach(
                (scenario, counts) ->
                        out.printf(
                                Locale.ROOT,
                                "  recall, %s: %s (%d of %d)%n",
                                scenario,
                                DetectionScore.percent(DetectionScore.ratio(counts[0], counts[1])),
                                counts[0],
                                counts[1]));
        out.printf(
                Locale.ROOT,
                "  legitimate transfers held: %d of %d (%s); sent for review: %d%n",
                falselyHeld,
                legitimate,
                DetectionScore.percent(falseHoldRate()),
                falselyReviewed);
        // On the transfers scored, as the recall above: a signal on a transfer of the warm-up
        // would otherwise be counted here and left out there.
        signalsByPattern.forEach(
                (pattern, count) -> out.printf(Locale.ROOT, "  signals, %s: %d%n", pattern, count));
    }
}
