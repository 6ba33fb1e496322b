package io.convergent.infra.generator;

import io.convergent.common.numbering.NumberRange;

/**
 * A stay abroad: registered in a foreign network from {@code entryTime} until {@code exitTime}.
 *
 * @param country the visited country's range in the numbering plan (its MCC)
 * @param visitedMnc the visited network's code
 */
record Trip(long entryTime, long exitTime, NumberRange country, int visitedMnc) {

    boolean covers(long time) {
        return time >= entryTime && time < exitTime;
    }

    boolean overlapsDay(long epochDay) {
        long start = Times.dayStart(epochDay);
        return entryTime < start + Times.DAY && exitTime > start;
    }
}
