package io.convergent.common.event;

/** The channel a complaint, session or transaction came through. */
public enum Channel {
    MOBILE_APP,
    WEB,
    CALL_CENTRE,
    SHOP,
    BRANCH,
    ATM,
    POS,
    ECOMMERCE,
    USSD
}
