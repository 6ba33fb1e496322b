package io.convergent.common.event;

/** Kinds of event on the telco.billing topic. */
public enum BillingEventType {
    TOP_UP,
    CHARGE,
    BALANCE,
    PACKAGE_PURCHASE
}
