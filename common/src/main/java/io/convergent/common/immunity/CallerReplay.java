package io.convergent.common.immunity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A caller's reputation recomputed from its history: its calls and the complaints naming it,
 * replayed in time order through {@link CallerActivity} exactly as the streaming reputation layer
 * folds them (the reputation read before each call, mass dialling remembered when it shows, then
 * the call recorded). The batch layer runs it over the master dataset so that a reputation the
 * speed layer got wrong is healed by the next batch run.
 *
 * <p>One difference is known: the raw tables hold pseudonyms only, so the number just below a
 * callee's cannot be derived and the sequential-dialling signal is never raised by a replay.
 */
public final class CallerReplay {

    /** A call placed by the caller, or (with {@code complaint}) a complaint naming it. */
    public record Event(
            long time, boolean complaint, String callee, boolean answered, long talkMillis) {

        public static Event call(long time, String callee, boolean answered, long talkMillis) {
            return new Event(time, false, callee, answered, talkMillis);
        }

        public static Event complaint(long time) {
            return new Event(time, true, null, false, 0);
        }
    }

    private CallerReplay() {}

    /**
     * The reputation at {@code at} after replaying {@code events} (in any order: they are sorted;
     * events after {@code at} are ignored).
     */
    public static CallerReputation reputationAt(
            List<Event> events, long at, ReputationThresholds thresholds) {
        List<Event> ordered = new ArrayList<>(events);
        // Ties: a complaint before a call of the same millisecond, as the streaming layer's
        // watermark would have released it.
        ordered.sort(
                Comparator.comparingLong(Event::time)
                        .thenComparing(e -> !e.complaint())
                        .thenComparing(e -> e.callee() == null ? "" : e.callee()));
        CallerActivity activity = new CallerActivity();
        for (Event e : ordered) {
            if (e.time() > at) {
                break;
            }
            if (e.complaint()) {
                activity.recordComplaint(e.time());
                continue;
            }
            CallerReputation before =
                    CallerReputation.of(activity.featuresAt(e.time()), thresholds);
            if (before.showsMassDialling(thresholds)) {
                activity.recordMassDialling(e.time());
            }
            activity.recordCall(e.time(), e.callee(), null, e.answered(), e.talkMillis());
        }
        return CallerReputation.of(activity.featuresAt(at), thresholds);
    }
}
