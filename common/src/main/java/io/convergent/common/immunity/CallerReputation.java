package io.convergent.common.immunity;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A caller's reputation at one moment: a score in [0, 1] (higher is worse), the signals that make
 * it up, and the features they were read from. The score is the sum of the raised signals' weights,
 * capped at 1, so the signals are its whole explanation.
 *
 * @param signalMask the raised signals, one bit per {@link ReputationSignal} ordinal (a plain int
 *     so the record travels through Flink as a POJO)
 */
public record CallerReputation(double score, int signalMask, ReputationFeatures features) {

    /** Ratios mean little below this many calls in their horizon. */
    static final double MIN_CALLS_FOR_RATIOS = 5;

    /** Answered calls needed in a day before the short-call share counts. */
    static final double MIN_ANSWERED_FOR_SHORT_SHARE = 3;

    /** Complaints in a day (rounded, after fading) that raise the signal. */
    static final long MIN_COMPLAINTS_SIGNAL = 2;

    /** Share of calls at night that marks night calling (over a busy enough day). */
    static final double NIGHT_SHARE = 0.5;

    static final double MIN_CALLS_FOR_NIGHT_SHARE = 10;

    /** Share of very short answered calls that marks a caller people hang up on. */
    static final double SHORT_CALL_SHARE = 0.5;

    /** Share of sequential calls that raises the signal, below the share that blocks. */
    static final double SEQUENTIAL_SIGNAL_SHARE = 0.3;

    public CallerReputation {
        Objects.requireNonNull(features, "features");
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1], got " + score);
        }
    }

    /** The reputation these features earn under {@code thresholds}. */
    public static CallerReputation of(ReputationFeatures f, ReputationThresholds thresholds) {
        int mask = 0;
        // Sample sizes are whole calls: five calls over a minute have faded to 4.97, and are five.
        boolean enoughForRatios = Math.round(f.attempts1h()) >= MIN_CALLS_FOR_RATIOS;
        if (f.attempts1h() >= thresholds.massDialAttemptsPerHour()) {
            mask |= bit(ReputationSignal.HIGH_VOLUME);
        }
        if (enoughForRatios && f.newCalleeShare1h() >= thresholds.newCalleeShare()) {
            mask |= bit(ReputationSignal.MANY_NEW_CALLEES);
        }
        if (enoughForRatios && f.answerRatio1h() <= thresholds.answerRatio()) {
            mask |= bit(ReputationSignal.FEW_ANSWERED);
        }
        if (f.attempts24h() * f.answerRatio24h() >= MIN_ANSWERED_FOR_SHORT_SHARE
                && f.shortCallShare24h() >= SHORT_CALL_SHARE) {
            mask |= bit(ReputationSignal.SHORT_CALLS);
        }
        if (enoughForRatios && f.sequentialShare1h() >= SEQUENTIAL_SIGNAL_SHARE) {
            mask |= bit(ReputationSignal.SEQUENTIAL_DIALLING);
        }
        if (f.attempts24h() >= MIN_CALLS_FOR_NIGHT_SHARE && f.nightShare24h() >= NIGHT_SHARE) {
            mask |= bit(ReputationSignal.NIGHT_CALLING);
        }
        // More than one: a business calling hundreds of customers draws a complaint now and then.
        if (Math.round(f.complaints24h()) >= MIN_COMPLAINTS_SIGNAL) {
            mask |= bit(ReputationSignal.COMPLAINTS);
        }
        if (f.daysSinceMassDialling() >= 0
                && f.daysSinceMassDialling() <= thresholds.massDialMemoryDays()) {
            mask |= bit(ReputationSignal.RECENT_MASS_DIALLING);
        }
        double score = 0;
        for (ReputationSignal signal : ReputationSignal.values()) {
            if ((mask & bit(signal)) != 0) {
                score += signal.weight();
            }
        }
        return new CallerReputation(Math.min(1, score), mask, f);
    }

    /**
     * Why a call from this caller is blocked, or {@code null}: a mass dialler (many calls, mostly
     * to new callees, rarely answered, over the last hour or the last day; or a few calls to new
     * callees dialled down a number range; or one caught at it within the rules' memory) or a
     * number with many complaints.
     */
    public DecisionReason blockReason(ReputationThresholds thresholds) {
        if (showsMassDialling(thresholds) || raised(ReputationSignal.RECENT_MASS_DIALLING)) {
            return DecisionReason.MASS_DIALLING;
        }
        // Rounded: three complaints filed over a few hours have faded to 2.9, and are three.
        if (Math.round(features.complaints24h()) >= thresholds.complaintsPerDay()) {
            return DecisionReason.MANY_COMPLAINTS;
        }
        return null;
    }

    /**
     * Whether the caller's own recent calls show mass dialling, the memory of an earlier catch
     * aside. Only this restarts the memory ({@link CallerActivity#recordMassDialling}): a number
     * blocked from memory alone is forgotten a memory after its last catch, however often it calls,
     * so one false block does not last for ever.
     */
    public boolean showsMassDialling(ReputationThresholds thresholds) {
        ReputationFeatures f = features;
        boolean hourly =
                f.attempts1h() >= thresholds.massDialAttemptsPerHour()
                        && f.newCalleeShare1h() >= thresholds.newCalleeShare()
                        && f.answerRatio1h() <= thresholds.answerRatio();
        // Dialling down a number range to strangers needs no volume to be recognised: people do
        // not call their contacts in numerical order.
        boolean sequential =
                Math.round(f.attempts1h()) >= MIN_CALLS_FOR_RATIOS
                        && f.newCalleeShare1h() >= thresholds.newCalleeShare()
                        && f.sequentialShare1h() >= thresholds.sequentialShare();
        boolean daily =
                f.attempts24h() >= thresholds.massDialAttemptsPerDay()
                        && f.newCalleeShare24h() >= thresholds.newCalleeShare()
                        && f.answerRatio24h() <= thresholds.answerRatio();
        return hourly || sequential || daily;
    }

    /**
     * Whether an allowed call from this caller to a callee it had not called lately gets a hint.
     */
    public boolean warrantsHint(ReputationThresholds thresholds) {
        return score >= thresholds.hintScore();
    }

    public boolean raised(ReputationSignal signal) {
        return (signalMask & bit(signal)) != 0;
    }

    /** The raised signals, in declaration order. */
    public List<ReputationSignal> signals() {
        List<ReputationSignal> raised = new ArrayList<>();
        for (ReputationSignal signal : ReputationSignal.values()) {
            if (raised(signal)) {
                raised.add(signal);
            }
        }
        return raised;
    }

    private static int bit(ReputationSignal signal) {
        return 1 << signal.ordinal();
    }
}
