package io.convergent.infra.evaluate;

import io.convergent.common.immunity.CallAction;
import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.common.immunity.ImmunityLayer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores the Digital Immunity decisions of a run against the generator's ground truth. Each call is
 * counted once, by its caller-id decision (repeats from an at-least-once sink are dropped by
 * decision id).
 *
 * <p>Calls in the first {@code warmUp} after the earliest decided call are not scored: the jobs
 * learn who is abroad from network events, and a subscriber who left before the run began is
 * unknown until the first registration abroad (a few hours). A deployment that starts from an HLR
 * snapshot has no such gap.
 *
 * <ul>
 *   <li><b>Caller id</b> (spoofing and numbering layers): a spoofed call is caught when it is
 *       blocked or flagged; precision, recall, and the share of legitimate calls blocked.
 * </ul>
 *
 * @param callerId the caller-id layers together
 * @param recallByKind the share of each kind of forgery caught
 * @param blocksByLayer blocked calls per layer
 */
public record ImmunityEvaluation(
        DetectionScore callerId,
        Map<String, Double> recallByKind,
        Map<ImmunityLayer, Long> blocksByLayer,
        long legitimateBlocked,
        long decisions) {

    public ImmunityEvaluation {
        Objects.requireNonNull(callerId, "callerId");
        recallByKind = Map.copyOf(recallByKind);
        blocksByLayer = Map.copyOf(blocksByLayer);
    }

    public static ImmunityEvaluation of(
            SpoofingTruth truth, Collection<ImmunityDecision> decisions, Duration warmUp) {
        long earliest = decisions.stream().mapToLong(ImmunityDecision::callTime).min().orElse(0L);
        long scoredFrom = earliest + warmUp.toMillis();
        Map<String, ImmunityDecision> byCall = new HashMap<>();
        Set<String> warmingUp = new HashSet<>();
        for (ImmunityDecision decision : decisions) {
            if (!decision.decisionId().endsWith("/caller-id")) {
                continue;
            }
            if (decision.callTime() < scoredFrom) {
                warmingUp.add(decision.eventId());
            } else {
                byCall.putIfAbsent(decision.eventId(), decision);
            }
        }
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        long legitimateBlocked = 0;
        Map<String, long[]> kinds = new TreeMap<>();
        Map<ImmunityLayer, Long> blocks = new TreeMap<>();
        for (ImmunityDecision decision : byCall.values()) {
            boolean caught = decision.layer() != null;
            boolean spoofed = truth.spoofed(decision.eventId());
            if (decision.action() == CallAction.BLOCK) {
                blocks.merge(decision.layer(), 1L, Long::sum);
            }
            if (spoofed) {
                long[] kind =
                        kinds.computeIfAbsent(
                                truth.kindByEventId().get(decision.eventId()), k -> new long[2]);
                kind[1]++;
                if (caught) {
                    tp++;
                    kind[0]++;
                } else {
                    fn++;
                }
            } else if (caught) {
                fp++;
                if (decision.action() == CallAction.BLOCK) {
                    legitimateBlocked++;
                }
            } else {
                tn++;
            }
        }
        // A spoofed call with no decision at all was missed too.
        for (Map.Entry<String, String> spoofed : truth.kindByEventId().entrySet()) {
            if (!byCall.containsKey(spoofed.getKey()) && !warmingUp.contains(spoofed.getKey())) {
                fn++;
                kinds.computeIfAbsent(spoofed.getValue(), k -> new long[2])[1]++;
            }
        }
        Map<String, Double> recallByKind = new TreeMap<>();
        kinds.forEach((kind, counts) -> recallByKind.put(kind, (double) counts[0] / counts[1]));
        return new ImmunityEvaluation(
                new DetectionScore(tp, fp, fn, tn),
                recallByKind,
                blocks,
                legitimateBlocked,
                byCall.size());
    }

    /** The legitimate calls blocked, as a share of all legitimate calls. */
    public double falseBlockRate() {
        long legitimate = callerId.negatives();
        return legitimate == 0 ? Double.NaN : (double) legitimateBlocked / legitimate;
    }

    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "Calls scored: %d%n", decisions);
        out.printf(
                Locale.ROOT,
                "Caller id (spoofing + numbering): precision %s, recall %s"
                        + " (%d spoofed calls, %d caught, %d false alarms)%n",
                percent(callerId.precision()),
                percent(callerId.recall()),
                callerId.positives(),
                callerId.truePositives(),
                callerId.falsePositives());
        recallByKind.forEach(
                (kind, recall) ->
                        out.printf(Locale.ROOT, "  recall, %s: %s%n", kind, percent(recall)));
        out.printf(
                Locale.ROOT,
                "  legitimate calls blocked: %d of %d (%s)%n",
                legitimateBlocked,
                callerId.negatives(),
                percent(falseBlockRate()));
        blocksByLayer.forEach(
                (layer, count) -> out.printf(Locale.ROOT, "Blocked by %s: %d%n", layer, count));
    }

    private static String percent(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f%%", 100 * value);
    }
}
