package io.convergent.serving.view;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A row of {@code batch_views}: the view's version, cutoff, and the snapshot of each of its tables
 * (written by the batch layer's {@code BatchViews}; a table absent from {@code snapshots} is
 * empty).
 */
public record Manifest(
        long version,
        LocalDate cutoff,
        OffsetDateTime publishedAt,
        String tag,
        Map<String, Long> snapshots,
        List<String> models) {

    public Manifest {
        snapshots = Map.copyOf(snapshots);
        models = List.copyOf(models);
    }
}
