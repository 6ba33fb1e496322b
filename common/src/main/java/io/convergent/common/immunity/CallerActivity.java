package io.convergent.common.immunity;

import java.util.Arrays;

/**
 * What a caller has been doing lately, in a fixed amount of memory whatever its volume: a handful
 * of counters over two horizons, the hashes of its last few callees, and the hash of its last
 * callee. Keyed by the caller's pseudonym, it holds no number, only counts and hashes of
 * pseudonyms.
 *
 * <p>The horizons are exponentially decayed counts with time constants of one hour and one day: a
 * call adds 1, which fades by a factor e per time constant. A caller placing r calls an hour
 * steadily shows r on the hourly counter, and the counters need no buckets, timers or list of
 * calls. Events may arrive somewhat out of order: one older than the newest seen is added already
 * faded by its age, so the counters do not depend on arrival order.
 *
 * <p>Mutable, a Flink POJO (public fields, no-argument constructor): the reputation operator keeps
 * one per caller in keyed state.
 */
public final class CallerActivity {

    public static final long HOUR_MILLIS = 3_600_000L;
    public static final long DAY_MILLIS = 24 * HOUR_MILLIS;

    /** An answered call shorter than this is "very short": the callee hung up on hearing it. */
    public static final long SHORT_CALL_MILLIS = 10_000L;

    /** How many distinct recent callees are remembered, to tell a new callee from a known one. */
    static final int RECENT_CALLEES = 16;

    private static final long MOSCOW_OFFSET_MILLIS = 3 * HOUR_MILLIS;
    private static final int NIGHT_FROM_HOUR = 22;
    private static final int NIGHT_UNTIL_HOUR = 7;

    private static final int ATTEMPTS = 0;
    private static final int NEW_CALLEES = 1;
    private static final int ANSWERED = 2;
    private static final int SHORT = 3;
    private static final int TALK_SECONDS = 4;
    private static final int SEQUENTIAL = 5;
    private static final int NIGHT = 6;
    private static final int COMPLAINTS = 7;
    private static final int COUNTERS = 8;

    /** Event time the counters are faded to; {@link Long#MIN_VALUE} before the first event. */
    public long asOf = Long.MIN_VALUE;

    public double[] hour = new double[COUNTERS];
    public double[] day = new double[COUNTERS];

    /** Hashes of the last distinct callees, a ring; {@code recentCount} of them are set. */
    public int[] recentCallees = new int[RECENT_CALLEES];

    public int recentCount;

    /** The slot of {@code recentCallees} the next new callee goes to. */
    public int recentNext;

    /** Hash of the last callee's pseudonym; meaningful once {@code recentCount > 0}. */
    public int lastCallee;

    /** When a call of this caller was last blocked for mass dialling; MIN_VALUE when never. */
    public long lastMassDialling = Long.MIN_VALUE;

    public CallerActivity() {}

    /** A stable hash of a pseudonym, as the activity remembers callees. */
    public static int calleeHash(String pseudonym) {
        return pseudonym == null ? 0 : pseudonym.hashCode();
    }

    /** Whether {@code callee} is not among this caller's recent callees. */
    public boolean isNewCallee(String callee) {
        int hash = calleeHash(callee);
        for (int i = 0; i < recentCount; i++) {
            if (recentCallees[i] == hash) {
                return false;
            }
        }
        return true;
    }

    /** Folds in one call, with only the number below the callee's known: see the full form. */
    public void recordCall(
            long time, String callee, String calleeBefore, boolean answered, long talkMillis) {
        recordCall(time, callee, calleeBefore, null, answered, talkMillis);
    }

    /**
     * Folds in one call.
     *
     * @param callee the callee's pseudonym
     * @param calleeBefore the pseudonym of the number just below the callee's ({@code null} when
     *     there is none)
     * @param calleeAfter the pseudonym of the number just above it ({@code null} when there is
     *     none): the call is sequential when either neighbour is the previous callee, so a list
     *     dialled upwards or downwards both count
     * @param talkMillis zero for an unanswered call
     */
    public void recordCall(
            long time,
            String callee,
            String calleeBefore,
            String calleeAfter,
            boolean answered,
            long talkMillis) {
        boolean newCallee = isNewCallee(callee);
        boolean sequential =
                recentCount > 0
                        && (calleeBefore != null && calleeHash(calleeBefore) == lastCallee
                                || calleeAfter != null && calleeHash(calleeAfter) == lastCallee);
        advanceTo(time);
        double weightHour = weight(time, HOUR_MILLIS);
        double weightDay = weight(time, DAY_MILLIS);
        add(ATTEMPTS, 1, weightHour, weightDay);
        if (newCallee) {
            add(NEW_CALLEES, 1, weightHour, weightDay);
            recentCallees[recentNext] = calleeHash(callee);
            recentNext = (recentNext + 1) % RECENT_CALLEES;
            recentCount = Math.min(recentCount + 1, RECENT_CALLEES);
        }
        lastCallee = calleeHash(callee);
        if (answered) {
            add(ANSWERED, 1, weightHour, weightDay);
            add(TALK_SECONDS, talkMillis / 1000.0, weightHour, weightDay);
            if (talkMillis < SHORT_CALL_MILLIS) {
                add(SHORT, 1, weightHour, weightDay);
            }
        }
        if (sequential) {
            add(SEQUENTIAL, 1, weightHour, weightDay);
        }
        if (isNight(time)) {
            add(NIGHT, 1, weightHour, weightDay);
        }
    }

    /** Remembers that a call at {@code time} was blocked for mass dialling. */
    public void recordMassDialling(long time) {
        lastMassDialling = Math.max(lastMassDialling, time);
    }

    /** Folds in one complaint naming this caller's number. */
    public void recordComplaint(long time) {
        advanceTo(time);
        add(COMPLAINTS, 1, weight(time, HOUR_MILLIS), weight(time, DAY_MILLIS));
    }

    /** The features as they stand at {@code time} (faded, never brightened, to it). */
    public ReputationFeatures featuresAt(long time) {
        double h = time > asOf && asOf != Long.MIN_VALUE ? fade(time - asOf, HOUR_MILLIS) : 1;
        double d = time > asOf && asOf != Long.MIN_VALUE ? fade(time - asOf, DAY_MILLIS) : 1;
        double attemptsHour = hour[ATTEMPTS] * h;
        double attemptsDay = day[ATTEMPTS] * d;
        double answeredDay = day[ANSWERED] * d;
        return new ReputationFeatures(
                attemptsHour,
                hour[NEW_CALLEES] * h,
                attemptsHour <= 0 ? 1 : Math.min(1, hour[ANSWERED] / hour[ATTEMPTS]),
                attemptsHour <= 0 ? 0 : Math.min(1, hour[SEQUENTIAL] / hour[ATTEMPTS]),
                attemptsDay,
                day[NEW_CALLEES] * d,
                attemptsDay <= 0 ? 1 : Math.min(1, day[ANSWERED] / day[ATTEMPTS]),
                answeredDay <= 0 ? 0 : Math.min(1, day[SHORT] / day[ANSWERED]),
                answeredDay <= 0 ? 0 : day[TALK_SECONDS] / day[ANSWERED],
                attemptsDay <= 0 ? 0 : Math.min(1, day[NIGHT] / day[ATTEMPTS]),
                day[COMPLAINTS] * d,
                lastMassDialling == Long.MIN_VALUE
                        ? -1
                        : Math.max(0, time - lastMassDialling) / (double) DAY_MILLIS);
    }

    /** Fades every counter forward to {@code time} when it is newer than {@code asOf}. */
    private void advanceTo(long time) {
        if (asOf == Long.MIN_VALUE) {
            asOf = time;
            return;
        }
        if (time <= asOf) {
            return;
        }
        double h = fade(time - asOf, HOUR_MILLIS);
        double d = fade(time - asOf, DAY_MILLIS);
        for (int i = 0; i < COUNTERS; i++) {
            hour[i] *= h;
            day[i] *= d;
        }
        asOf = time;
    }

    /** The weight of an event at {@code time}: 1, or less when older than {@code asOf}. */
    private double weight(long time, long constant) {
        return time >= asOf ? 1 : fade(asOf - time, constant);
    }

    private void add(int counter, double amount, double weightHour, double weightDay) {
        hour[counter] += amount * weightHour;
        day[counter] += amount * weightDay;
    }

    private static double fade(long millis, long constant) {
        return Math.exp(-(double) millis / constant);
    }

    private static boolean isNight(long time) {
        long hourOfDay = Math.floorMod(time + MOSCOW_OFFSET_MILLIS, DAY_MILLIS) / HOUR_MILLIS;
        return hourOfDay >= NIGHT_FROM_HOUR || hourOfDay < NIGHT_UNTIL_HOUR;
    }

    @Override
    public String toString() {
        return "CallerActivity[asOf="
                + asOf
                + ", hour="
                + Arrays.toString(hour)
                + ", day="
                + Arrays.toString(day)
                + ", recentCallees="
                + Arrays.toString(Arrays.copyOf(recentCallees, recentCount))
                + ", recentNext="
                + recentNext
                + ", lastCallee="
                + lastCallee
                + ", lastMassDialling="
                + lastMassDialling
                + "]";
    }
}
