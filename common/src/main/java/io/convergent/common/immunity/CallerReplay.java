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

    /** What an {@link Event} is. */
    public enum Kind {
        CALL,
        COMPLAINT,
        /**
         * An earlier reputation's memory that the caller was last caught mass dialling then: what
         * the streaming layer's record carries past the days a replay reads.
         */
        MASS_DIALLING
    }

    /** A call placed by the caller, a complaint naming it, or a remembered mass dialling. */
    public record Event(long time, Kind kind, String callee, boolean answered, long talkMillis) {

        public static Event call(long time, String callee, boolean answered, long talkMillis) {
            return new Event(time, Kind.CALL, callee, answered, talkMillis);
        }

        public static Event complaint(long time) {
            return new Event(time, Kind.COMPLAINT, null, false, 0);
        }

        public static Event massDialling(long time) {
            return new Event(time, Kind.MASS_DIALLING, null, false, 0);
        }

        public boolean complaint() {
            return kind == Kind.COMPLAINT;
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
                        .thenComparing(e -> e.kind() == Kind.CALL)
                        .thenComparing(e -> e.callee() == null ? "" : e.callee()));
        CallerActivity activity = new CallerActivity();
        for (Event e : ordered) {
            if (e.time() > at) {
                break;
            }
            if (e.kind() == Kind.MASS_DIALLING) {
                activity.recordMassDialling(e.time());
                continue;
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
