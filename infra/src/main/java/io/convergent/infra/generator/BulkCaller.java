package io.convergent.infra.generator;

import java.util.Objects;

/**
 * A legitimate business that calls many of our subscribers a day (a delivery service, a shop, a
 * clinic): the look-alike that keeps callee diversity alone from identifying spam.
 *
 * @param index its position among the run's bulk callers
 * @param number its A-number (fixed line or mobile of another operator)
 * @param callsPerDay the mean number of calls on a working day
 */
record BulkCaller(int index, String number, int callsPerDay) {

    BulkCaller {
        Objects.requireNonNull(number, "number");
        if (callsPerDay < 1) {
            throw new IllegalArgumentException("callsPerDay must be positive, got " + callsPerDay);
        }
    }

    @Override
    public String toString() {
        return "BulkCaller[" + index + "]";
    }
}
