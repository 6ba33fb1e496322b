package io.convergent.common.event;

/** Kinds of event on the bank.transactions topic. */
public enum BankTransactionType {
    CARD_PAYMENT,
    TRANSFER
}
