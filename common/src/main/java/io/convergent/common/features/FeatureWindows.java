package io.convergent.common.features;

import java.util.List;

/**
 * The 7-, 30- and 90-day windows of one subscriber as of one day, folded incrementally: add tiles
 * in any order, or merge two partial folds, then read the {@link #vector()}. The same result as
 * {@link FeatureCatalog#vectorAsOf}, for a job that cannot hold a subscriber's tiles in one place.
 * Tiles after the as-of day or before the longest window are ignored.
 *
 * <p>Mutable, a Flink POJO (public fields, no-argument constructor).
 */
public final class FeatureWindows {

    public String subscriber;
    public long asOfDay;
    public DailyTile week = new DailyTile();
    public DailyTile month = new DailyTile();
    public DailyTile quarter = new DailyTile();
    public int activeDaysWeek;
    public int activeDaysMonth;
    public int activeDaysQuarter;

    /**
     * The last day with activity only our own subscriber has ({@link DailyTile#showsOwnActivity});
     * {@link Long#MIN_VALUE} when none in the window.
     */
    public long lastOwnActivityDay = Long.MIN_VALUE;

    /** The last day with a port-out request; {@link Long#MIN_VALUE} when none in the window. */
    public long lastPortOutDay = Long.MIN_VALUE;

    public FeatureWindows() {}

    public FeatureWindows(String subscriber, long asOfDay) {
        if (!FeatureCatalog.WINDOWS.equals(List.of(7, 30, 90))) {
            throw new IllegalStateException("FeatureWindows folds 7, 30 and 90 days");
        }
        this.subscriber = subscriber;
        this.asOfDay = asOfDay;
    }

    /** A fold holding {@code tile} alone. */
    public static FeatureWindows of(DailyTile tile, long asOfDay) {
        return new FeatureWindows(tile.subscriber, asOfDay).add(tile);
    }

    public FeatureWindows add(DailyTile tile) {
        long age = asOfDay - tile.day;
        if (age < 0 || age >= 90) {
            return this;
        }
        quarter.addDay(tile);
        activeDaysQuarter++;
        if (age < 30) {
            month.addDay(tile);
            activeDaysMonth++;
        }
        if (age < 7) {
            week.addDay(tile);
            activeDaysWeek++;
        }
        if (tile.showsOwnActivity()) {
            lastOwnActivityDay = Math.max(lastOwnActivityDay, tile.day);
        }
        if (tile.portOutRequests > 0) {
            lastPortOutDay = Math.max(lastPortOutDay, tile.day);
        }
        return this;
    }

    /** Adds {@code other}'s tiles (of other days of the same subscriber) to this fold. */
    public FeatureWindows merge(FeatureWindows other) {
        week.addDay(other.week);
        month.addDay(other.month);
        quarter.addDay(other.quarter);
        activeDaysWeek += other.activeDaysWeek;
        activeDaysMonth += other.activeDaysMonth;
        activeDaysQuarter += other.activeDaysQuarter;
        lastOwnActivityDay = Math.max(lastOwnActivityDay, other.lastOwnActivityDay);
        lastPortOutDay = Math.max(lastPortOutDay, other.lastPortOutDay);
        return this;
    }

    /**
     * Whether the number is one of our subscribers as of the day: it shows activity only our own
     * subscribers have within the 90 days, and that activity did not end with a port-out request (a
     * number that has left is no longer scored; one that asked and stayed is).
     */
    public boolean isOurSubscriber() {
        return lastOwnActivityDay != Long.MIN_VALUE && lastPortOutDay != lastOwnActivityDay;
    }

    /** The features, in {@link FeatureCatalog#names()}'s order. */
    public double[] vector() {
        return FeatureCatalog.vector(
                List.of(
                        new FeatureCatalog.Window(week, activeDaysWeek, 7),
                        new FeatureCatalog.Window(month, activeDaysMonth, 30),
                        new FeatureCatalog.Window(quarter, activeDaysQuarter, 90)));
    }
}
