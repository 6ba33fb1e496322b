package io.convergent.common.event;

/** Bank products a customer can hold. */
public enum BankProduct {
    DEBIT_CARD,
    CREDIT_CARD,
    DEPOSIT,
    SAVINGS_ACCOUNT,
    LOAN,
    MORTGAGE,
    INSURANCE,
    INVESTMENT
}
