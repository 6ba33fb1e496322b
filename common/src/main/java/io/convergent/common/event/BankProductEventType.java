package io.convergent.common.event;

/** Kinds of event on the bank.products topic. */
public enum BankProductEventType {
    OPENED,
    CLOSED
}
