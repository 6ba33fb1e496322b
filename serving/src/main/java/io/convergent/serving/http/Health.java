package io.convergent.serving.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What {@code /health} says: live always (the process answers); ready once a batch view serves and
 * the speed view has caught up with its topics.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Health(
        String status,
        boolean ready,
        BatchView batchView,
        BatchView previousBatchView,
        Refused refusedBatchView,
        SpeedView speedView) {

    public record BatchView(
            long version,
            String cutoffDay,
            String publishedAt,
            double ageSeconds,
            String lastServedDay,
            long subscribers,
            int models) {}

    public record Refused(long version, String reason) {}

    public record SpeedView(
            boolean caughtUp,
            long lagRecords,
            double lastRecordAgeSeconds,
            long recordsApplied,
            long recordsRejected) {}
}
