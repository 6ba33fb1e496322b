package io.convergent.serving.store;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What a loaded batch view is: the version and cutoff of its manifest, the days past the cutoff it
 * can serve ({@code cutoff + 0 .. cutoff + daysServed - 1}), and what it holds.
 */
public record ViewInfo(
        long version,
        LocalDate cutoff,
        OffsetDateTime publishedAt,
        int daysServed,
        long subscribers,
        long callers,
        List<String> models) {

    public ViewInfo {
        models = List.copyOf(models);
    }

    /** The last day the view has window folds for. */
    public LocalDate lastServedDay() {
        return cutoff.plusDays(daysServed - 1L);
    }
}
