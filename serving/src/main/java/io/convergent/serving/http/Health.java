package io.convergent.serving.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code /health} says: live always (the process answers); ready while a batch view serves and
 * the speed view is current: caught up with its topics and still reaching them. While not ready,
 * {@code notReady} says why, each reason a sentence an operator can act on, and {@code status}
 * whether serving is still starting or has lost what it had.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Health(
        Status status,
        boolean ready,
        List<String> notReady,
        BatchView batchView,
        BatchView previousBatchView,
        Refused refusedBatchView,
        SpeedView speedView) {

    /** Ready, or why not in one word; {@code notReady} gives the reasons. */
    public enum Status {
        /** Ready. */
        UP,
        /**
         * Not ready, and not yet since serving started: no batch view served yet, or the speed view
         * has not caught up with its topics once (a broker down since the start, say).
         */
        STARTING,
        /**
         * Not ready any more: since serving started a batch view has served and the speed view has
         * caught up, and now the speed view is not current (its broker lost, say); UP again once it
         * is.
         */
        DEGRADED
    }

    public record BatchView(
            long version,
            String cutoffDay,
            String publishedAt,
            double ageSeconds,
            String lastServedDay,
            long subscribers,
            int models) {}

    public record Refused(long version, String reason) {}

    /**
     * @param notCurrent why the view cannot be vouched for as current (answers from live state are
     *     refused with 503 meanwhile), absent when it can
     * @param lastRecordAgeSeconds seconds since the newest applied record was published, across
     *     restarts (the store keeps its time with the offsets); -1 while the view on disk has
     *     applied none
     */
    public record SpeedView(
            boolean caughtUp,
            String notCurrent,
            long lagRecords,
            double lastRecordAgeSeconds,
            long recordsApplied,
            long recordsRejected) {}
}
