package io.convergent.serving.api;

import io.convergent.common.features.DailyTile;
import io.convergent.common.features.DailyTiles;
import io.convergent.common.features.FeatureCatalog;
import io.convergent.common.features.FeatureWindows;
import io.convergent.common.models.ScoringModel;
import io.convergent.common.models.TreeEnsemble;
import io.convergent.common.risk.TransferAssessment;
import io.convergent.common.risk.TransferRisk;
import io.convergent.common.state.SubscriberState;
import io.convergent.serving.speed.SpeedViewStore;
import io.convergent.serving.store.BatchViewStore;
import io.convergent.serving.store.CallerStanding;
import io.convergent.serving.store.ViewInfo;
import io.convergent.serving.view.BatchViewSwitch;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What serving answers about one pseudonymous subscriber, merged from the batch view (history up to
 * its cutoff) and the speed view (the days after it): window features as of today (as of the cutoff
 * while no speed view is followed), model scores over them, the live state, and a transfer's risk.
 * Stateless: every call reads the view that serves at that moment, so a swap between two calls
 * never mixes two views in one answer.
 */
public final class SubscriberLookup {

    private static final int LONGEST_WINDOW = FeatureCatalog.LONGEST_WINDOW;

    private final BatchViewSwitch views;
    private final SpeedViewStore speed;
    private final BooleanSupplier speedViewFollowed;
    private final boolean speedViewConfigured;
    private final Clock clock;
    private final TransferRisk transferRisk;

    /**
     * @param speedViewFollowed whether the speed view has been current (caught up with its topics)
     *     since serving started: until then, and without one, features are the batch view's as of
     *     its cutoff, since the days after it are unknown rather than days without activity
     */
    public SubscriberLookup(
            BatchViewSwitch views,
            SpeedViewStore speed,
            BooleanSupplier speedViewFollowed,
            Clock clock,
            TransferRisk transferRisk) {
        this(views, speed, speedViewFollowed, true, clock, transferRisk);
    }

    /**
     * @param speedViewConfigured whether serving follows a speed view at all: without one (started
     *     without Kafka) the batch view is all it will ever know
     */
    public SubscriberLookup(
            BatchViewSwitch views,
            SpeedViewStore speed,
            BooleanSupplier speedViewFollowed,
            boolean speedViewConfigured,
            Clock clock,
            TransferRisk transferRisk) {
        this.speedViewConfigured = speedViewConfigured;
        this.views = views;
        this.speed = speed;
        this.speedViewFollowed = speedViewFollowed;
        this.clock = clock;
        this.transferRisk = transferRisk;
    }

    /** Today's UTC day by the serving clock. */
    public long today() {
        return DailyTiles.dayOf(clock.millis());
    }

    public long now() {
        return clock.millis();
    }

    /**
     * The day answers from {@code view} are as of: today (or the cutoff, if later) when the speed
     * view is followed, else the view's cutoff. Answers computed for one day serve that day only.
     */
    public long asOfDay(BatchViewStore view) {
        long today = today();
        if (view == null) {
            return today;
        }
        long cutoff = view.info().cutoff().toEpochDay();
        return speedViewFollowed.getAsBoolean() ? Math.max(today, cutoff) : cutoff;
    }

    /**
     * The subscriber's features as of today (as of the batch view's cutoff while no speed view is
     * followed), or empty when neither view knows the number as one of our subscribers.
     */
    public Optional<MergedFeatures> features(String subscriber) {
        // The view is read once: a swap during this call does not reach this answer.
        BatchViewStore view = views.current();
        long today = today();
        FeatureWindows merged;
        boolean stale = false;
        long firstSpeedDay;
        if (view != null) {
            ViewInfo info = view.info();
            long cutoff = info.cutoff().toEpochDay();
            long asOf = asOfDay(view);
            long foldDay = Math.min(asOf, info.lastServedDay().toEpochDay());
            // Stale: the answer leaves out days up to today, the speed view's (none followed) or
            // the batch view's (not republished since its last served day).
            stale = foldDay < asOf || asOf < today;
            Optional<FeatureWindows> fold = view.fold(subscriber, foldDay);
            merged = fold.orElseGet(() -> new FeatureWindows(subscriber, foldDay));
            if (foldDay < asOf) {
                merged.asOfDay = asOf;
            }
            // As of the cutoff no speed day is merged: the loop below runs over no day.
            firstSpeedDay = cutoff + 1;
            today = asOf;
        } else {
            merged = new FeatureWindows(subscriber, today);
            firstSpeedDay = today - LONGEST_WINDOW + 1;
        }
        for (long day = firstSpeedDay; day <= today; day++) {
            DailyTile tile = speed.tile(subscriber, day);
            if (tile != null) {
                merged.add(tile);
            }
        }
        if (!merged.isOurSubscriber()) {
            return Optional.empty();
        }
        return Optional.of(
                new MergedFeatures(subscriber, today, view, stale, merged, merged.vector()));
    }

    /**
     * Each model's score over the merged features, in the view's order of its models: the models of
     * the view the features came from. A list, not a map by name: the view's models have distinct
     * names, and a map's entry per model was a tenth of what an uncached answer allocated.
     */
    public List<Score> scores(MergedFeatures features) {
        BatchViewStore view = features.store();
        if (view == null) {
            return List.of();
        }
        List<ScoringModel> models = view.models();
        TreeEnsemble.Inputs inputs = TreeEnsemble.Inputs.of(features.vector());
        Score[] scores = new Score[models.size()];
        for (int i = 0; i < scores.length; i++) {
            ScoringModel model = models.get(i);
            scores[i] = new Score(model.model(), model.version(), model.score(inputs));
        }
        return Arrays.asList(scores);
    }

    /** A model's score and the version that computed it. */
    public record Score(String model, String version, double score) {}

    /** The subscriber's live state, if the speed view has one. */
    public Optional<SubscriberState> state(String subscriber) {
        return Optional.ofNullable(speed.state(subscriber));
    }

    /** Whether either view knows the number as one of ours (features or a live state). */
    public boolean knows(String subscriber) {
        return speed.state(subscriber) != null || features(subscriber).isPresent();
    }

    public Optional<CallerStanding> reputation(String caller) {
        BatchViewStore view = views.current();
        return view == null ? Optional.empty() : view.reputation(caller);
    }

    /**
     * The risk of a transfer made now by the subscriber whose live state is {@code state} ({@code
     * null} when the network knows nothing of them): the caller reads the state once.
     */
    public TransferAssessment transferRisk(SubscriberState state, boolean newBeneficiary) {
        return transferRisk.assess(
                state,
                newBeneficiary,
                counterpart -> reputation(counterpart).map(CallerStanding::poor).orElse(false),
                clock.millis());
    }

    public BatchViewSwitch views() {
        return views;
    }

    /**
     * Whether a speed view is followed, or will be once caught up: false when serving was started
     * without Kafka, and the batch view is all it knows.
     */
    public boolean speedViewConfigured() {
        return speedViewConfigured;
    }

    /** Whether the speed view has been current since start, so that its tiles are merged. */
    public boolean speedViewFollowed() {
        return speedViewFollowed.getAsBoolean();
    }
}
