package io.convergent.serving.api;

import io.convergent.common.features.FeatureWindows;
import io.convergent.serving.store.BatchViewStore;
import io.convergent.serving.store.ViewInfo;

/**
 * A subscriber's window features as of a day, merged from the batch view's fold and the speed
 * view's tiles of the days after its cutoff.
 *
 * @param store the batch view the fold came from, {@code null} when none is loaded; scores of these
 *     features use its models, so one answer never mixes two views
 * @param asOfDay the day the windows end: today, or the batch view's cutoff while serving follows
 *     no speed view that has been current
 * @param stale whether the answer leaves out days up to today: as of the cutoff without a speed
 *     view, or past the last day the view has folds for (the batch layer has not published for a
 *     while), when the batch part is as of the view's last served day
 */
public record MergedFeatures(
        String subscriber,
        long asOfDay,
        BatchViewStore store,
        boolean stale,
        FeatureWindows windows,
        double[] vector) {

    /** The batch view's description, {@code null} without one. */
    public ViewInfo view() {
        return store == null ? null : store.info();
    }
}
