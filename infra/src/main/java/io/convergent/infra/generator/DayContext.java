package io.convergent.infra.generator;

import java.time.LocalDate;

/** What every planner of one day shares: the day, the run's seed and ids, the world. */
final class DayContext {

    final long seed;
    final long epochDay;
    final long dayStart;
    final long dayEnd;
    final int dayOfMonth;
    final boolean weekend;
    final String dayPrefix;
    final Population population;
    final SubscriberState state;
    final ScenarioRates rates;

    DayContext(
            long seed,
            long epochDay,
            String dayPrefix,
            Population population,
            SubscriberState state,
            ScenarioRates rates) {
        this.seed = seed;
        this.epochDay = epochDay;
        this.dayStart = Times.dayStart(epochDay);
        this.dayEnd = dayStart + Times.DAY;
        this.dayOfMonth = LocalDate.ofEpochDay(epochDay).getDayOfMonth();
        this.weekend = Times.weekend(epochDay);
        this.dayPrefix = dayPrefix;
        this.population = population;
        this.state = state;
        this.rates = rates;
    }

    boolean inDay(long time) {
        return time >= dayStart && time < dayEnd;
    }

    /** {@code time}, moved into the day if it falls outside. */
    long clamp(long time) {
        return Math.max(dayStart, Math.min(dayEnd - 1, time));
    }

    /**
     * The start of a scenario that takes up to {@code chainLength}: at a local hour in [{@code
     * fromLocalHour}, {@code toLocalHour}) whose UTC time leaves the chain room to finish inside
     * the day, so a scenario's events are never split across two days.
     */
    long scenarioStart(
            java.util.SplittableRandom rng,
            int utcOffsetHours,
            int fromLocalHour,
            int toLocalHour,
            long chainLength) {
        int[] candidates = new int[24];
        int count = 0;
        for (int local = fromLocalHour; local < toLocalHour; local++) {
            int utcHour = Math.floorMod(local - utcOffsetHours, 24);
            if (utcHour * Times.HOUR + Times.HOUR + chainLength <= Times.DAY) {
                candidates[count++] = utcHour;
            }
        }
        if (count == 0) {
            // No office hour fits (a very long chain): start at midnight UTC.
            return dayStart + rng.nextLong(Times.HOUR);
        }
        return dayStart + candidates[rng.nextInt(count)] * Times.HOUR + rng.nextLong(Times.HOUR);
    }
}
