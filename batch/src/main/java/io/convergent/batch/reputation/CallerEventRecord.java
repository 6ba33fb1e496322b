package io.convergent.batch.reputation;

import io.convergent.common.immunity.CallerReplay;

/**
 * A call placed by {@link #caller}, or a complaint naming it, on its way to the caller's replay.
 * Mutable, a Flink POJO (public fields, no-argument constructor).
 */
public final class CallerEventRecord {

    public String caller;
    public long time;
    public boolean complaint;
    public boolean massDialling;
    public String callee;
    public boolean answered;
    public long talkMillis;

    public CallerEventRecord() {}

    static CallerEventRecord call(
            String caller, long time, String callee, boolean answered, long talkMillis) {
        CallerEventRecord r = new CallerEventRecord();
        r.caller = caller;
        r.time = time;
        r.callee = callee;
        r.answered = answered;
        r.talkMillis = talkMillis;
        return r;
    }

    static CallerEventRecord complaint(String caller, long time) {
        CallerEventRecord r = new CallerEventRecord();
        r.caller = caller;
        r.time = time;
        r.complaint = true;
        return r;
    }

    /**
     * The caller's last mass dialling as an earlier run's reputation remembers it: the streaming
     * layer keeps it for as long as the caller's record lives, past the days a replay reads.
     */
    static CallerEventRecord massDialling(String caller, long time) {
        CallerEventRecord r = new CallerEventRecord();
        r.caller = caller;
        r.time = time;
        r.massDialling = true;
        return r;
    }

    CallerReplay.Event toEvent() {
        return massDialling
                ? CallerReplay.Event.massDialling(time)
                : complaint
                        ? CallerReplay.Event.complaint(time)
                        : CallerReplay.Event.call(time, callee, answered, talkMillis);
    }
}
