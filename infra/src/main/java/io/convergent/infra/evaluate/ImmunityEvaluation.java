package io.convergent.infra.evaluate;

import io.convergent.common.immunity.CallAction;
import io.convergent.common.immunity.DecisionReason;
import io.convergent.common.immunity.ImmunityDecision;
import io.convergent.common.immunity.ImmunityHint;
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
 * <p>Calls in the warm-up of the {@link ScoringWindow} are not scored, and counted as left out: the
 * jobs learn who is abroad from network events, and a subscriber who left before the run began is
 * unknown until the first registration abroad (a few hours). A deployment that starts from an HLR
 * snapshot has no such gap.
 *
 * <ul>
 *   <li><b>Caller id</b> (spoofing and numbering layers): a spoofed call is caught when it is
 *       blocked or flagged (by any layer); a legitimate call is a false alarm when the spoofing or
 *       numbering layer blocked or flagged it. Precision, recall, and the share of legitimate calls
 *       those layers blocked.
 *   <li><b>Mass dialling</b> (reputation layer): see {@link MassDialScore}.
 * </ul>
 *
 * @param callerId the caller-id layers together
 * @param recallByKind the share of each kind of forgery caught
 * @param blocksByLayer blocked calls per layer
 * @param legitimateBlocked legitimate calls the caller-id layers blocked
 * @param hintsByLabel allowed calls that hinted, per label the phone shows
 * @param invalidCallerIds calls blocked because their caller id is no number at all: records the
 *     generator wrote malformed (dead letters for the ingest), outside the truth's calls, so not
 *     scored
 * @param callsLeftOut calls decided in the warm-up, not scored
 * @param spoofedLeftOut spoofed calls of the truth in the warm-up (decided or not), not scored
 * @param callsOutside calls decided outside the truth's history (another run's), not counted
 */
public record ImmunityEvaluation(
        DetectionScore callerId,
        Map<String, Double> recallByKind,
        Map<ImmunityLayer, Long> blocksByLayer,
        long legitimateBlocked,
        MassDialScore massDialling,
        Map<String, Long> hintsByLabel,
        long decisions,
        long invalidCallerIds,
        long callsLeftOut,
        long spoofedLeftOut,
        long callsOutside) {

    public ImmunityEvaluation {
        Objects.requireNonNull(callerId, "callerId");
        Objects.requireNonNull(massDialling, "massDialling");
        hintsByLabel = Map.copyOf(hintsByLabel);
        recallByKind = Map.copyOf(recallByKind);
        blocksByLayer = Map.copyOf(blocksByLayer);
    }

    /** Scores the calls after {@code warmUp} from the earliest decided call. */
    public static ImmunityEvaluation of(
            SpoofingTruth truth,
            CallerTruth callers,
            Collection<ImmunityDecision> decisions,
            Duration warmUp) {
        return of(truth, callers, decisions, new ScoringWindow(earliestCall(decisions), warmUp));
    }

    /** The time of the earliest call decided (epoch ms), or 0 without any. */
    public static long earliestCall(Collection<ImmunityDecision> decisions) {
        return decisions.stream().mapToLong(ImmunityDecision::callTime).min().orElse(0L);
    }

    /** Scores the calls {@code window} scores. */
    public static ImmunityEvaluation of(
            SpoofingTruth truth,
            CallerTruth callers,
            Collection<ImmunityDecision> decisions,
            ScoringWindow window) {
        Map<String, ImmunityDecision> byCall = new HashMap<>();
        Set<String> warmingUp = new HashSet<>();
        Set<String> outside = new HashSet<>();
        Set<String> invalidCallerIds = new HashSet<>();
        for (ImmunityDecision decision : decisions) {
            if (!decision.decisionId().endsWith("/caller-id")) {
                continue;
            }
            if (decision.reason() == DecisionReason.INVALID_CALLER_ID) {
                invalidCallerIds.add(decision.eventId());
                continue;
            }
            switch (window.part(decision.callTime())) {
                case OUTSIDE -> outside.add(decision.eventId());
                case WARM_UP -> warmingUp.add(decision.eventId());
                case SCORED -> byCall.putIfAbsent(decision.eventId(), decision);
            }
        }
        long tp = 0;
        long fp = 0;
        long fn = 0;
        long tn = 0;
        long legitimateBlocked = 0;
        Map<String, long[]> kinds = new TreeMap<>();
        Map<ImmunityLayer, Long> blocks = new TreeMap<>();
        Map<String, Long> hints = new TreeMap<>();
        MassDialTally massDial = new MassDialTally(callers);
        for (ImmunityDecision decision : byCall.values()) {
            boolean spoofed = truth.spoofed(decision.eventId());
            boolean caught = spoofed ? decision.layer() != null : isCallerIdLayer(decision.layer());
            if (decision.action() == CallAction.BLOCK) {
                blocks.merge(decision.layer(), 1L, Long::sum);
            }
            if (decision.flagged()) {
                hints.merge(ImmunityHint.forFlaggedCall(decision).label().text(), 1L, Long::sum);
            }
            if (!spoofed) {
                massDial.add(decision);
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
        // A spoofed call with no decision at all was missed too, when it falls in what is scored:
        // by the truth's time, else (a truth without times) it is.
        long spoofedLeftOut = 0;
        for (Map.Entry<String, String> spoofed : truth.kindByEventId().entrySet()) {
            String eventId = spoofed.getKey();
            if (byCall.containsKey(eventId) || outside.contains(eventId)) {
                continue;
            }
            Long time = truth.timeByEventId().get(eventId);
            ScoringWindow.Part part =
                    warmingUp.contains(eventId)
                            ? ScoringWindow.Part.WARM_UP
                            : time == null ? ScoringWindow.Part.SCORED : window.part(time);
            if (part == ScoringWindow.Part.WARM_UP) {
                spoofedLeftOut++;
            } else if (part == ScoringWindow.Part.SCORED) {
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
                massDial.score(),
                hints,
                byCall.size(),
                invalidCallerIds.size(),
                warmingUp.size(),
                spoofedLeftOut,
                outside.size());
    }

    private static boolean isCallerIdLayer(ImmunityLayer layer) {
        return layer == ImmunityLayer.SPOOFING || layer == ImmunityLayer.NUMBERING;
    }

    /** Counts for {@link MassDialScore}, one decision at a time. */
    private static final class MassDialTally {
        private final CallerTruth truth;
        private final Set<String> spammers = new HashSet<>();
        private final Set<String> spammersBlocked = new HashSet<>();
        private final Set<String> legitimate = new HashSet<>();
        private final Set<String> legitimateBlocked = new HashSet<>();
        private long spamCalls;
        private long spamCallsBlocked;
        private long spamCallsHinted;
        private long legitimateCallsBlocked;

        MassDialTally(CallerTruth truth) {
            this.truth = truth;
        }

        void add(ImmunityDecision decision) {
            boolean blocked =
                    decision.action() == CallAction.BLOCK
                            && (decision.layer() == ImmunityLayer.MASS_DIALLING
                                    || decision.layer() == ImmunityLayer.COMPLAINTS);
            String caller = decision.caller();
            if (caller == null) {
                return; // withheld: no number to attribute the call to
            }
            if (truth.spammers().contains(caller)) {
                spammers.add(caller);
                spamCalls++;
                if (blocked) {
                    spamCallsBlocked++;
                    spammersBlocked.add(caller);
                } else if (decision.flagged()) {
                    spamCallsHinted++;
                }
            } else {
                legitimate.add(caller);
                if (blocked) {
                    legitimateCallsBlocked++;
                    legitimateBlocked.add(caller);
                }
            }
        }

        MassDialScore score() {
            long bulk = legitimate.stream().filter(truth.bulkCallers()::contains).count();
            long bulkBlocked =
                    legitimateBlocked.stream().filter(truth.bulkCallers()::contains).count();
            return new MassDialScore(
                    spamCalls,
                    spamCallsBlocked,
                    spamCallsHinted,
                    spammers.size(),
                    spammersBlocked.size(),
                    legitimate.size(),
                    legitimateBlocked.size(),
                    legitimateCallsBlocked,
                    bulk,
                    bulkBlocked);
        }
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
                DetectionScore.percent(callerId.precision()),
                DetectionScore.percent(callerId.recall()),
                callerId.positives(),
                callerId.truePositives(),
                callerId.falsePositives());
        recallByKind.forEach(
                (kind, recall) ->
                        out.printf(
                                Locale.ROOT,
                                "  recall, %s: %s%n",
                                kind,
                                DetectionScore.percent(recall)));
        out.printf(
                Locale.ROOT,
                "  legitimate calls blocked: %d of %d (%s)%n",
                legitimateBlocked,
                callerId.negatives(),
                DetectionScore.percent(falseBlockRate()));
        MassDialScore m = massDialling;
        out.printf(
                Locale.ROOT,
                "Mass dialling: recall %s of calls (%d of %d blocked, %d more hinted),"
                        + " %d of %d mass diallers blocked%n",
                DetectionScore.percent(m.callRecall()),
                m.spamCallsBlocked(),
                m.spamCalls(),
                m.spamCallsHinted(),
                m.spammersBlocked(),
                m.spammers());
        out.printf(
                Locale.ROOT,
                "  legitimate callers blocked: %d of %d (%s), %d calls; of them bulk callers: %d"
                        + " of %d%n",
                m.legitimateCallersBlocked(),
                m.legitimateCallers(),
                DetectionScore.percent(m.falseBlockRate()),
                m.legitimateCallsBlocked(),
                m.bulkCallersBlocked(),
                m.bulkCallers());
        blocksByLayer.forEach(
                (layer, count) -> out.printf(Locale.ROOT, "Blocked by %s: %d%n", layer, count));
        out.printf(
                Locale.ROOT,
                "Blocked, caller id no number (malformed records, not scored): %d%n",
                invalidCallerIds);
        hintsByLabel.forEach(
                (label, count) -> out.printf(Locale.ROOT, "Hints '%s': %d%n", label, count));
    }
}
