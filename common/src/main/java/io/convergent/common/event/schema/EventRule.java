package io.convergent.common.event.schema;

import java.util.function.Function;

/**
 * A check across fields of one event (an end after its start, say), run after every field passed
 * its own checks. Rules see the event after pseudonymisation when the parser pseudonymises, so a
 * rule must not look at identifier fields.
 */
@FunctionalInterface
public interface EventRule<T> {

    /** The rejection, or {@code null} when the event satisfies the rule. */
    Rejection check(T event);

    /** This rule, then {@code next} if this one holds. */
    default EventRule<T> andThen(EventRule<T> next) {
        return event -> {
            Rejection broken = check(event);
            return broken != null ? broken : next.check(event);
        };
    }

    /** A rule that an end time is not before a start time ({@code end} may be absent). */
    static <T> EventRule<T> notBefore(
            String endField, Function<T, Long> end, String startField, Function<T, Long> start) {
        return event -> {
            Long endTime = end.apply(event);
            Long startTime = start.apply(event);
            if (endTime != null && startTime != null && endTime < startTime) {
                return Rejection.ofField(
                        RejectionReason.END_BEFORE_START,
                        endField,
                        "is before " + startField + " (a negative duration)");
            }
            return null;
        };
    }
}
