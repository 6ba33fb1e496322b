package io.convergent.common.event;

/**
 * An event on one of the input topics. Every event has an id, unique within its topic and stable
 * across redelivery (the ingest deduplicates on it), and an event time in epoch milliseconds.
 */
public sealed interface InputEvent
        permits CallEvent,
                SmsEvent,
                DataSessionEvent,
                NetworkEvent,
                BillingEvent,
                ComplaintEvent,
                BankTransactionEvent,
                BankSessionEvent,
                BankProductEvent {

    String eventId();

    long eventTime();
}
