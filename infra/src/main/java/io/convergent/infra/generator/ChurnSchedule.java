package io.convergent.infra.generator;

/**
 * When each future churner asks to port their number out, and how their activity fades before: full
 * activity until three weeks before the request, then a steady fall to a fifth. Port-out days
 * spread over the run's horizon, some beyond it (churners still in decline when the run ends).
 */
final class ChurnSchedule {

    static final int DECLINE_DAYS = 21;
    private static final double FLOOR = 0.2;

    private final long seed;
    private final long anchorDay;
    private final int horizonDays;

    ChurnSchedule(long seed, long anchorDay, int horizonDays) {
        if (horizonDays < 1) {
            throw new IllegalArgumentException("horizon must be positive, got " + horizonDays);
        }
        this.seed = seed;
        this.anchorDay = anchorDay;
        this.horizonDays = horizonDays;
    }

    /** The epoch day of the subscriber's port-out request, or {@link Long#MAX_VALUE}. */
    long portOutDay(Subscriber subscriber) {
        if (subscriber.archetype != Archetype.FUTURE_CHURNER) {
            return Long.MAX_VALUE;
        }
        int earliest = Math.min(7, horizonDays / 3);
        int latest = Math.max(earliest + 1, (int) Math.round(horizonDays * 1.25));
        double u = Seeds.unit(seed, Seeds.CHURN, subscriber.index, 0);
        return anchorDay + earliest + (long) (u * (latest - earliest));
    }

    /** The moment of the request: office hours, local time. */
    long portOutTime(Subscriber subscriber) {
        long day = portOutDay(subscriber);
        if (day == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        double u = Seeds.unit(seed, Seeds.CHURN, subscriber.index, 1);
        long withinHours = (long) (u * 9 * Times.HOUR);
        long time = Times.atLocalHour(day, 10, subscriber.region.utcOffsetHours) + withinHours;
        return Math.min(time, Times.dayStart(day) + Times.DAY - 1);
    }

    /** Whether the number has left us at {@code time}. */
    boolean portedOutBy(Subscriber subscriber, long time) {
        return time >= portOutTime(subscriber);
    }

    /** The factor applied to the subscriber's activity on {@code epochDay}. */
    double activityFactor(Subscriber subscriber, long epochDay) {
        long day = portOutDay(subscriber);
        if (day == Long.MAX_VALUE) {
            return 1.0;
        }
        long daysLeft = day - epochDay;
        if (daysLeft >= DECLINE_DAYS) {
            return 1.0;
        }
        double progress = Math.max(0, daysLeft) / (double) DECLINE_DAYS;
        return FLOOR + (1 - FLOOR) * progress;
    }
}
