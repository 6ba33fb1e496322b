package io.convergent.streaming.immunity.fraud;

import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Gives each {@link SubscriberEvent} the event time of the moment its record can first exist
 * ({@link SubscriberEvent#knownAt()}), for the fraud patterns, and passes watermarks on unchanged.
 *
 * <p>Why: a call's record (the CDR) is written when the call is released, but carries the call's
 * setup time. Stamped at setup, every long call reached the CEP operators tens of minutes behind
 * the watermark that other subscribers' events had moved on, and CEP drops late events: the long
 * received call of {@link io.convergent.common.fraud.FraudPattern#SUSPICIOUS_CALL_THEN_TRANSFER}
 * never matched live. Stamped at its release, a record that arrives when it is written is on time.
 *
 * <p>An event that is still behind the watermark when it gets here (a record delayed for longer
 * than the input's out-of-orderness: a transfer from a bank partition that was idle while the busy
 * call partitions moved the watermark on) would be dropped by CEP. It is stamped just past the
 * watermark instead, as if it had happened when it arrived, so it still completes the patterns its
 * trigger armed (its windows then count from its arrival), and counted in {@value #LATE_EVENTS}.
 */
public final class StampedWhenKnown extends AbstractStreamOperator<SubscriberEvent>
        implements OneInputStreamOperator<SubscriberEvent, SubscriberEvent> {

    private static final long serialVersionUID = 1L;

    /** The metric of events that arrived behind the watermark, and were stamped on arrival. */
    public static final String LATE_EVENTS = "fraudEventsTooLate";

    private transient long currentWatermark;
    private transient Counter lateEvents;

    @Override
    public void open() throws Exception {
        super.open();
        currentWatermark = Long.MIN_VALUE;
        lateEvents = getMetricGroup().counter(LATE_EVENTS);
    }

    @Override
    public void processElement(StreamRecord<SubscriberEvent> element) {
        long stamp = element.getValue().knownAt();
        if (stamp <= currentWatermark) {
            lateEvents.inc();
            stamp = currentWatermark + 1;
        }
        output.collect(element.replace(element.getValue(), stamp));
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        currentWatermark = mark.getTimestamp();
        super.processWatermark(mark);
    }
}
