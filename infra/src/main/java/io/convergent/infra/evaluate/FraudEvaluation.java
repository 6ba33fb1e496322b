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
 * legitimate one is falsely held when a HOLD signal names it. Transfers in the first {@code warmUp}
 * after the earliest transfer are not scored (the contact memory is still empty then: every caller
 * is a stranger).
 *
 * @param transfers every transfer of the run, event id to time (epoch ms)
 */
public record FraudEvaluation(
        long fraudulent,
        long caught,
        Map<String, long[]> byScenario,
        long legitimate,
        long falselyHeld,
        long falselyReviewed,
        Map<FraudPattern, Long> signalsByPattern) {

    public static FraudEvaluation of(
            FraudTruth truth,
            Collection<FraudSignal> signals,
            Map<String, Long> transfers,
            Duration warmUp) {
        long earliest = transfers.values().stream().mapToLong(Long::longValue).min().orElse(0L);
        long scoredFrom = earliest + warmUp.toMillis();
        Map<String, FraudPattern.RecommendedAction> strongest = new HashMap<>();
        Map<FraudPattern, Long> byPattern = new TreeMap<>();
        Map<String, Boolean> seenSignal = new HashMap<>();
        for (FraudSignal signal : signals) {
            if (seenSignal.put(signal.signalId(), Boolean.TRUE) != null) {
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
        Map<String, long[]> scenarios = new TreeMap<>();
        for (Map.Entry<String, Long> transfer : transfers.entrySet()) {
            if (transfer.getValue() < scoredFrom) {
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
                fraudulent, caught, scenarios, legitimate, held, reviewed, byPattern);
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
        signalsByPattern.forEach(
                (pattern, count) -> out.printf(Locale.ROOT, "Signals %s: %d%n", pattern, count));
    }
}
