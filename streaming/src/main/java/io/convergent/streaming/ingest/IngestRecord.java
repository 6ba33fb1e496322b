package io.convergent.streaming.ingest;

import io.convergent.common.event.BankProductEvent;
import io.convergent.common.event.BankSessionEvent;
import io.convergent.common.event.BankTransactionEvent;
import io.convergent.common.event.BillingEvent;
import io.convergent.common.event.CallEvent;
import io.convergent.common.event.ComplaintEvent;
import io.convergent.common.event.DataSessionEvent;
import io.convergent.common.event.InputEvent;
import io.convergent.common.event.NetworkEvent;
import io.convergent.common.event.SmsEvent;
import io.convergent.common.event.schema.Rejection;
import io.convergent.streaming.deadletter.RejectedRecord;

/**
 * One consumed input record after strict parsing: where it came from, and either the event (with
 * identifiers already pseudonymised) or the rejection with the raw bytes for the dead-letter topic.
 *
 * <p>A Flink POJO: the event sits in the one non-null field of its type, so every variant is
 * serialised field by field, never by Kryo (an {@code InputEvent}-typed field would be).
 */
public final class IngestRecord {

    public String topic;
    public int partition;
    public long offset;
    public long kafkaTimestamp;

    public CallEvent call;
    public SmsEvent sms;
    public DataSessionEvent dataSession;
    public NetworkEvent network;
    public BillingEvent billing;
    public ComplaintEvent complaint;
    public BankTransactionEvent bankTransaction;
    public BankSessionEvent bankSession;
    public BankProductEvent bankProduct;

    /** Set for a rejected record only. */
    public RejectedRecord rejected;

    public IngestRecord() {}

    static IngestRecord accepted(
            String topic, int partition, long offset, long kafkaTimestamp, InputEvent event) {
        IngestRecord record = new IngestRecord();
        record.setSource(topic, partition, offset, kafkaTimestamp);
        // Java 17 has no pattern switch; the sealed interface keeps this list complete.
        if (event instanceof CallEvent e) {
            record.call = e;
        } else if (event instanceof SmsEvent e) {
            record.sms = e;
        } else if (event instanceof DataSessionEvent e) {
            record.dataSession = e;
        } else if (event instanceof NetworkEvent e) {
            record.network = e;
        } else if (event instanceof BillingEvent e) {
            record.billing = e;
        } else if (event instanceof ComplaintEvent e) {
            record.complaint = e;
        } else if (event instanceof BankTransactionEvent e) {
            record.bankTransaction = e;
        } else if (event instanceof BankSessionEvent e) {
            record.bankSession = e;
        } else if (event instanceof BankProductEvent e) {
            record.bankProduct = e;
        } else {
            throw new IllegalArgumentException("not an input event: " + event.getClass());
        }
        return record;
    }

    static IngestRecord rejected(
            String topic,
            int partition,
            long offset,
            long kafkaTimestamp,
            Rejection rejection,
            byte[] payload) {
        IngestRecord record = new IngestRecord();
        record.setSource(topic, partition, offset, kafkaTimestamp);
        record.rejected =
                RejectedRecord.of(topic, partition, offset, kafkaTimestamp, rejection, payload);
        return record;
    }

    private void setSource(String topic, int partition, long offset, long kafkaTimestamp) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.kafkaTimestamp = kafkaTimestamp;
    }

    public boolean isAccepted() {
        return rejected == null;
    }

    /** The accepted event; {@code null} for a rejected record. */
    public InputEvent event() {
        if (call != null) {
            return call;
        } else if (sms != null) {
            return sms;
        } else if (dataSession != null) {
            return dataSession;
        } else if (network != null) {
            return network;
        } else if (billing != null) {
            return billing;
        } else if (complaint != null) {
            return complaint;
        } else if (bankTransaction != null) {
            return bankTransaction;
        } else if (bankSession != null) {
            return bankSession;
        }
        return bankProduct;
    }

    /**
     * The event time for watermarks: the event's own time, or {@link Long#MIN_VALUE} for a rejected
     * record, whose claimed time is not to be trusted and must not move the watermark.
     */
    public long eventTime() {
        InputEvent event = event();
        return event == null ? Long.MIN_VALUE : event.eventTime();
    }
}
