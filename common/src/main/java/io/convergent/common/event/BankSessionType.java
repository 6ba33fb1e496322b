package io.convergent.common.event;

/** Kinds of event on the bank.sessions topic. */
public enum BankSessionType {
    LOGIN,
    LOGIN_FAILED,
    LOGOUT
}
