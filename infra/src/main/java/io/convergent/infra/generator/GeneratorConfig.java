package io.convergent.infra.generator;

import io.convergent.common.event.schema.EventSchema;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * What to generate: population size and seed, the back-dated history (days and first day), the live
 * rate, the share of malformed records and the scenario rates. Validated when built; every message
 * names the setting and the value.
 *
 * @param subscribers population size
 * @param days days of back-dated history (zero for live only)
 * @param seed the seed every random choice derives from
 * @param start first day of the history, UTC
 * @param live whether to stream events in real time after the history
 * @param rate live events per second
 * @param malformedRate fraction of records replaced by malformed ones
 * @param rates proportions of the labelled scenarios
 * @param threads worker threads for planning and serialising
 * @param clock the wall clock: history never goes past it, live events are stamped with it
 */
public record GeneratorConfig(
        int subscribers,
        int days,
        long seed,
        LocalDate start,
        boolean live,
        double rate,
        double malformedRate,
        ScenarioRates rates,
        int threads,
        InstantSource clock) {

    public static final int MIN_SUBSCRIBERS = 10;
    public static final int MAX_SUBSCRIBERS = 2_000_000;
    public static final int MAX_DAYS = 3_650;
    public static final double MAX_RATE = 10_000_000;
    public static final double MAX_MALFORMED_RATE = 0.5;
    public static final double DEFAULT_RATE = 1_000;

    // Data sessions of the first day may have started the day before: keep them after the epoch.
    private static final LocalDate EARLIEST_START =
            LocalDate.ofEpochDay(EventSchema.EARLIEST_EVENT_TIME / Times.DAY + 1);

    public GeneratorConfig {
        Objects.requireNonNull(rates, "rates");
        Objects.requireNonNull(clock, "clock");
        if (subscribers < MIN_SUBSCRIBERS || subscribers > MAX_SUBSCRIBERS) {
            throw new IllegalArgumentException(
                    "subscribers must be between "
                            + MIN_SUBSCRIBERS
                            + " and "
                            + MAX_SUBSCRIBERS
                            + " (a contact graph needs a few), got "
                            + subscribers);
        }
        if (days < 0 || days > MAX_DAYS) {
            throw new IllegalArgumentException(
                    "days must be between 0 and " + MAX_DAYS + ", got " + days);
        }
        if (days == 0 && !live) {
            throw new IllegalArgumentException(
                    "days must be at least 1 unless live, got " + days + " without live");
        }
        if (!(rate > 0 && rate <= MAX_RATE)) {
            throw new IllegalArgumentException(
                    "rate must be in (0, " + (long) MAX_RATE + "] events/s, got " + rate);
        }
        if (!(malformedRate >= 0 && malformedRate <= MAX_MALFORMED_RATE)) {
            throw new IllegalArgumentException(
                    "malformed rate must be in [0, "
                            + MAX_MALFORMED_RATE
                            + "], got "
                            + malformedRate);
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be between 1 and 64, got " + threads);
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (start == null) {
            start = today.minusDays(days);
        }
        if (start.isBefore(EARLIEST_START) || start.isAfter(today)) {
            throw new IllegalArgumentException(
                    "start must be between "
                            + EARLIEST_START
                            + " and today ("
                            + today
                            + "), got "
                            + start);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The first day of the history as a UTC epoch day. */
    public long startDay() {
        return start.toEpochDay();
    }

    /** The first day the live stream simulates: today, or the day after the history. */
    public long firstLiveDay() {
        long today = Math.floorDiv(clock.millis(), Times.DAY);
        return Math.max(today, startDay() + days);
    }

    /** Days over which scenarios with a lifetime (churn, spam campaigns) are spread. */
    int horizonDays() {
        return days + (live ? 30 : 0);
    }

    /** Builds a {@link GeneratorConfig}; every setter keeps the defaults of the others. */
    public static final class Builder {
        private int subscribers = 10_000;
        private int days = 7;
        private long seed = 42;
        private LocalDate start;
        private boolean live;
        private double rate = DEFAULT_RATE;
        private double malformedRate;
        private ScenarioRates rates = ScenarioRates.DEFAULTS;
        private int threads = Math.min(8, Runtime.getRuntime().availableProcessors());
        private InstantSource clock = InstantSource.system();

        private Builder() {}

        public Builder subscribers(int value) {
            this.subscribers = value;
            return this;
        }

        public Builder days(int value) {
            this.days = value;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** The first day of the history; {@code null} for today minus the days. */
        public Builder start(LocalDate value) {
            this.start = value;
            return this;
        }

        public Builder live(boolean value) {
            this.live = value;
            return this;
        }

        public Builder rate(double value) {
            this.rate = value;
            return this;
        }

        public Builder malformedRate(double value) {
            this.malformedRate = value;
            return this;
        }

        public Builder rates(ScenarioRates value) {
            this.rates = Objects.requireNonNull(value, "rates");
            return this;
        }

        public Builder threads(int value) {
            this.threads = value;
            return this;
        }

        public Builder clock(InstantSource value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** A fixed clock: for tests and reproducible runs. */
        public Builder fixedClock(Instant now) {
            return clock(InstantSource.fixed(now));
        }

        public GeneratorConfig build() {
            return new GeneratorConfig(
                    subscribers,
                    days,
                    seed,
                    start,
                    live,
                    rate,
                    malformedRate,
                    rates,
                    threads,
                    clock);
        }
    }
}
