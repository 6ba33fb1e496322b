package io.convergent.infra.generator;

import io.convergent.common.event.InputEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything that happens on one UTC day, in the order its records are written: event time, except
 * a record planned for later (the record of a call whose answer the switch signalled, written when
 * the call ends). Ties keep the order of the planning fragments, so the order is the same on every
 * run.
 *
 * <p>An entry costs about 25 bytes until it is materialised, which is what lets a day of a large
 * population be held and sorted in memory.
 */
final class DayPlan {

    private static final int INDEX_BITS = 36;

    private final long epochDay;
    private final String dayPrefix;
    private final long[] times;
    private final int[] subjects;
    private final int[] seqs;
    private final byte[] kinds;
    private final InputEvent[] prebuilt;
    private final Label[] labels;
    private final int[] order;

    private DayPlan(long epochDay, String dayPrefix, List<DayPlanFragment> fragments) {
        this.epochDay = epochDay;
        this.dayPrefix = dayPrefix;
        int total = 0;
        int prebuiltTotal = 0;
        for (DayPlanFragment fragment : fragments) {
            total += fragment.size();
            prebuiltTotal += fragment.prebuilt().size();
        }
        this.times = new long[total];
        this.subjects = new int[total];
        this.seqs = new int[total];
        this.kinds = new byte[total];
        List<InputEvent> allPrebuilt = new ArrayList<>(prebuiltTotal);
        List<Label> allLabels = new ArrayList<>(prebuiltTotal);
        long dayStart = Times.dayStart(epochDay);
        long[] keys = new long[total];
        int at = 0;
        for (DayPlanFragment fragment : fragments) {
            int prebuiltOffset = allPrebuilt.size();
            for (int i = 0; i < fragment.size(); i++, at++) {
                times[at] = fragment.time(i);
                subjects[at] = fragment.subject(i);
                kinds[at] = fragment.kind(i);
                seqs[at] =
                        kinds[at] == EventKind.PREBUILT
                                ? prebuiltOffset + fragment.seq(i)
                                : fragment.seq(i);
                // Millisecond of the day in the high bits, entry index in the low: one primitive
                // sort orders by time and breaks ties by planning order.
                keys[at] = (times[at] - dayStart) << INDEX_BITS | at;
            }
            allPrebuilt.addAll(fragment.prebuilt());
            allLabels.addAll(fragment.labels());
        }
        this.prebuilt = allPrebuilt.toArray(new InputEvent[0]);
        this.labels = allLabels.toArray(new Label[0]);
        Arrays.sort(keys);
        this.order = new int[total];
        long mask = (1L << INDEX_BITS) - 1;
        for (int p = 0; p < total; p++) {
            order[p] = (int) (keys[p] & mask);
        }
    }

    static DayPlan of(long epochDay, String dayPrefix, List<DayPlanFragment> fragments) {
        return new DayPlan(epochDay, dayPrefix, fragments);
    }

    long epochDay() {
        return epochDay;
    }

    String dayPrefix() {
        return dayPrefix;
    }

    int size() {
        return order.length;
    }

    /** The entry at position {@code p} of the day's written order. */
    int entry(int p) {
        return order[p];
    }

    long time(int entry) {
        return times[entry];
    }

    byte kind(int entry) {
        return kinds[entry];
    }

    int subject(int entry) {
        return subjects[entry];
    }

    int seq(int entry) {
        return seqs[entry];
    }

    /** The finished event of a {@link EventKind#PREBUILT} entry. */
    InputEvent prebuilt(int entry) {
        return prebuilt[seqs[entry]];
    }

    /** The ground truth of a {@link EventKind#PREBUILT} entry, or {@code null}. */
    Label label(int entry) {
        return kinds[entry] == EventKind.PREBUILT ? labels[seqs[entry]] : null;
    }
}
