package io.convergent.infra.generator;

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

/** Moves an event in time, keeping its durations: the live stream's clock. */
final class Retime {

    private Retime() {}

    /** The latest time the event carries: a record cannot be written before it. */
    static long latestTime(InputEvent event) {
        if (event instanceof CallEvent call) {
            return call.endTime();
        }
        if (event instanceof DataSessionEvent session) {
            return Math.max(session.endTime(), session.eventTime());
        }
        return event.eventTime();
    }

    /** {@code event} moved so that its latest time is {@code now}. */
    static InputEvent endingAt(InputEvent event, long now) {
        return shift(event, now - latestTime(event));
    }

    static InputEvent shift(InputEvent event, long delta) {
        if (event instanceof CallEvent e) {
            return new CallEvent(
                    e.eventId(),
                    e.eventTime() + delta,
                    e.callId(),
                    e.callingNumber(),
                    e.calledNumber(),
                    e.ingress(),
                    e.startTime() + delta,
                    e.answerTime() == null ? null : e.answerTime() + delta,
                    e.endTime() + delta,
                    e.releaseCause(),
                    e.callingImsi(),
                    e.cellId());
        }
        if (event instanceof SmsEvent e) {
            return new SmsEvent(
                    e.eventId(),
                    e.eventTime() + delta,
                    e.senderNumber(),
                    e.recipientNumber(),
                    e.ingress(),
                    e.segments(),
                    e.cellId());
        }
        if (event instanceof DataSessionEvent e) {
            return new DataSessionEvent(
                    e.eventId(),
                    e.eventTime() + delta,
                    e.msisdn(),
                    e.imsi(),
                    e.startTime() + delta,
                    e.endTime() + delta,
                    e.bytesUplink(),
                    e.bytesDownlink(),
                    e.radioAccess(),
                    e.cellId(),
                    e.visitedMcc());
        }
        if (event instanceof NetworkEvent e) {
            return new NetworkEvent(
                    e.eventId(),
                    e.eventTime() + delta,
                    e.type(),
                    e.msisdn(),
                    e.imsi(),
                    e.previousImsi(),
                    e.imei(),
                    e.previousImei(),
                    e.mcc(),
                    e.mnc(),
                    e.cellId(),
                    e.forwardedTo(),
                    e.recipientOperator(),
                    e.counterpartNumber(),
                    e.incoming());
        }
        if (event instanceof BillingEvent e) {
            return new BillingEvent(
                    e.eventId(),
                    e.eventTime() + delta,
                    e.type(),
                    e.msisdn(),
                    e.amountMinor(),
                    e.balanceMinor(),
                    e.currency(),
                    e.product(),
                    e.channel());
        }
        if (event instanceof ComplaintEvent e) {
            return new ComplaintEvent(
                    e.eventId(),
                    e.eventTime() + delta,
                    e.msisdn(),
                    e.category(),
                    e.channel(),
                    e.reportedNumber());
        }
        if (event instanceof BankTransactionEvent e) {
            return new BankTransactionEvent(
                    e.eventId(),
                    e.eventTime() + delta,
                    e.type(),
                    e.customerId(),
                    e.msisdn(),
                    e.accountNumber(),
                    e.amountMinor(),
                    e.currency(),
                    e.channel(),
                    e.cardNumber(),
                    e.merchantCategoryCode(),
                    e.beneficiaryAccount(),
                    e.beneficiaryNew());
        }
        if (event instanceof BankSessionEvent e) {
            return new BankSessionEvent(
                    e.eventId(),
                    e.eventTime() + delta,
                    e.type(),
                    e.customerId(),
                    e.msisdn(),
                    e.deviceId(),
                    e.newDevice(),
                    e.channel());
        }
        if (event instanceof BankProductEvent e) {
            return new BankProductEvent(
                    e.eventId(),
                    e.eventTime() + delta,
                    e.type(),
                    e.customerId(),
                    e.msisdn(),
                    e.product(),
                    e.channel());
        }
        throw new IllegalArgumentException("cannot move a " + event.getClass().getSimpleName());
    }
}
