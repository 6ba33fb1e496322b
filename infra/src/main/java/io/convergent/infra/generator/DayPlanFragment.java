package io.convergent.infra.generator;

import io.convergent.common.event.InputEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The entries one planning task produced for a day: compact entries for everyday events (time,
 * kind, subject, sequence number) and finished records for the rest. Not thread-safe: one task
 * fills one fragment.
 */
final class DayPlanFragment {

    private final long dayStart;
    private long[] times = new long[1024];
    private int[] subjects = new int[1024];
    private int[] seqs = new int[1024];
    private byte[] kinds = new byte[1024];
    private int size;
    private final List<InputEvent> prebuilt = new ArrayList<>();
    private final List<Label> labels = new ArrayList<>();

    DayPlanFragment(long epochDay) {
        this.dayStart = Times.dayStart(epochDay);
    }

    /** An everyday event to be made at emission from its kind, subject and sequence number. */
    void add(byte kind, long time, int subject, int seq) {
        checkInDay(time);
        if (size == times.length) {
            int capacity = size * 2;
            times = Arrays.copyOf(times, capacity);
            subjects = Arrays.copyOf(subjects, capacity);
            seqs = Arrays.copyOf(seqs, capacity);
            kinds = Arrays.copyOf(kinds, capacity);
        }
        times[size] = time;
        subjects[size] = subject;
        seqs[size] = seq;
        kinds[size] = kind;
        size++;
    }

    /** A finished event, with its ground truth or {@code null}. */
    void add(InputEvent event, Label label) {
        add(event, label, event.eventTime());
    }

    /**
     * A finished event written at {@code writtenAt} rather than at its event time: a call's record,
     * which the switch writes when the call ends.
     */
    void add(InputEvent event, Label label, long writtenAt) {
        add(EventKind.PREBUILT, writtenAt, -1, prebuilt.size());
        prebuilt.add(event);
        labels.add(label);
    }

    private void checkInDay(long time) {
        // Planning bugs would otherwise surface as an unordered stream much later.
        if (time < dayStart || time >= dayStart + Times.DAY) {
            throw new IllegalStateException(
                    "planned event at " + time + " lies outside the day starting " + dayStart);
        }
    }

    int size() {
        return size;
    }

    long time(int i) {
        return times[i];
    }

    int subject(int i) {
        return subjects[i];
    }

    int seq(int i) {
        return seqs[i];
    }

    byte kind(int i) {
        return kinds[i];
    }

    List<InputEvent> prebuilt() {
        return prebuilt;
    }

    List<Label> labels() {
        return labels;
    }
}
