package io.convergent.common.identity;

/**
 * The kinds of raw identifier the platform pseudonymises. The tag separates the domains inside the
 * keyed hash, so a card number and an account number with the same digits never share a pseudonym.
 * Both partners (operator and bank) must use the same tags: they are part of the wire contract.
 */
public enum IdentifierKind {
    /** A phone number (MSISDN), normalised to E.164 before hashing. */
    MSISDN("msisdn"),
    /** The SIM's subscriber identity. */
    IMSI("imsi"),
    /** The handset identity; IMEI and IMEISV of one handset share the first 14 digits. */
    IMEI("imei"),
    /** A payment card number (PAN). */
    CARD_NUMBER("card"),
    /** A bank account number. */
    ACCOUNT_NUMBER("account"),
    /** The bank's customer number. */
    CUSTOMER_ID("customer"),
    /** The bank's device fingerprint for online banking. */
    DEVICE_ID("device");

    private final String tag;

    IdentifierKind(String tag) {
        this.tag = tag;
    }

    /** The domain-separation tag hashed in front of the value. */
    public String tag() {
        return tag;
    }
}
