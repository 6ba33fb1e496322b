package io.convergent.infra.generator;

import java.util.Objects;

/**
 * A mass dialler: a number of another domestic operator that reaches us over the interconnect and
 * works through long lists of our numbers.
 *
 * @param index its position among the run's spammers
 * @param number the A-number it presents
 * @param firstDay the first day of its campaign (epoch day)
 * @param callsPerDay the mean number of calls on an active day
 */
record Spammer(int index, String number, long firstDay, int callsPerDay) {

    Spammer {
        Objects.requireNonNull(number, "number");
        if (callsPerDay < 1) {
            throw new IllegalArgumentException("callsPerDay must be positive, got " + callsPerDay);
        }
    }

    @Override
    public String toString() {
        return "Spammer[" + index + "]";
    }
}
