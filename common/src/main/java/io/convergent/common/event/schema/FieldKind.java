package io.convergent.common.event.schema;

import io.convergent.common.identity.IdentifierKind;

/** What a field holds on the wire, and so how it is read, checked and (if an identifier) hashed. */
public enum FieldKind {
    /** An event id: 1-64 characters of {@code [A-Za-z0-9_.:-]}. */
    EVENT_ID(null),
    /** Epoch milliseconds, UTC. */
    TIMESTAMP(null),
    /** A whole number in a range. */
    LONG(null),
    /** A whole number in a range, held as {@code int}. */
    INT(null),
    /** Money in minor units (kopecks, cents) in a range. */
    AMOUNT(null),
    BOOLEAN(null),
    /** One of the names of a Java enum. */
    ENUM(null),
    /** Free text up to a maximum length. Never put an identifier here. */
    TEXT(null),
    /** An ISO 4217 currency code. */
    CURRENCY(null),
    /** A phone number, E.164 or a domestic spelling of one. */
    PHONE(IdentifierKind.MSISDN),
    /**
     * A phone number, or a short service number ({@code 112}, {@code 900}): who a call is to, or
     * the number a caller presents.
     */
    PHONE_OR_SHORT_CODE(IdentifierKind.MSISDN),
    /**
     * A phone number, a short code, or an alphanumeric sender name ({@code SBERBANK}): the two ends
     * of an SMS.
     */
    SMS_ADDRESS(IdentifierKind.MSISDN),
    IMSI(IdentifierKind.IMSI),
    IMEI(IdentifierKind.IMEI),
    CARD_NUMBER(IdentifierKind.CARD_NUMBER),
    ACCOUNT_NUMBER(IdentifierKind.ACCOUNT_NUMBER),
    CUSTOMER_ID(IdentifierKind.CUSTOMER_ID),
    DEVICE_ID(IdentifierKind.DEVICE_ID);

    private final IdentifierKind identifierKind;

    FieldKind(IdentifierKind identifierKind) {
        this.identifierKind = identifierKind;
    }

    /** The identifier kind this field is pseudonymised as, or {@code null} if it is not one. */
    public IdentifierKind identifierKind() {
        return identifierKind;
    }

    public boolean isIdentifier() {
        return identifierKind != null;
    }

    boolean isInteger() {
        return this == TIMESTAMP || this == LONG || this == INT || this == AMOUNT;
    }
}
