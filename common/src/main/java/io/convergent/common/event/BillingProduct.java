package io.convergent.common.event;

/** What a charge or package purchase was for. */
public enum BillingProduct {
    VOICE,
    SMS,
    DATA,
    ROAMING_PACKAGE,
    DATA_PACKAGE,
    SUBSCRIPTION_FEE,
    CONTENT
}
