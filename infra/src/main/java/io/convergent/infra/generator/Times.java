package io.convergent.infra.generator;

/** Time constants in milliseconds and the calendar arithmetic the models need. */
final class Times {

    static final long SECOND = 1_000L;
    static final long MINUTE = 60 * SECOND;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    private Times() {}

    static long dayStart(long epochDay) {
        return epochDay * DAY;
    }

    /** The hour on the clock of someone whose time zone is {@code utcOffsetHours} ahead of UTC. */
    static int localHour(long epochMillis, int utcOffsetHours) {
        return (int) Math.floorMod(Math.floorDiv(epochMillis, HOUR) + utcOffsetHours, 24L);
    }

    /** The UTC millisecond of day {@code epochDay} at which it is {@code localHour} locally. */
    static long atLocalHour(long epochDay, int localHour, int utcOffsetHours) {
        return dayStart(epochDay) + Math.floorMod(localHour - utcOffsetHours, 24) * HOUR;
    }

    /** Saturday or Sunday (UTC calendar; 1970-01-01 was a Thursday). */
    static boolean weekend(long epochDay) {
        int dayOfWeek = (int) Math.floorMod(epochDay + 3, 7L); // 0 = Monday
        return dayOfWeek >= 5;
    }
}
