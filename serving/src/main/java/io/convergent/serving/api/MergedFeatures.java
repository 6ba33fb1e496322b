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
 * @param stale whether the day is past the last day the view has folds for (the batch layer has not
 *     published for a while): the batch part is then as of the view's last served day
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
