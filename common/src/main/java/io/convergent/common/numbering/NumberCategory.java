package io.convergent.common.numbering;

/** Who a phone number belongs to, as the numbering plan tells. */
public enum NumberCategory {
    /** One of our own ranges: its owner's SIM should be on our network. */
    OURS,
    /** Another domestic mobile operator. */
    DOMESTIC_MOBILE,
    /** A domestic fixed line. */
    DOMESTIC_FIXED,
    /** A foreign country's number. */
    FOREIGN,
    /** No operator holds this range: no legitimate call can come from it. */
    UNALLOCATED,
    /**
     * Not an E.164 number: a short service number ({@code svc:900}) or an SMS sender name, an
     * organisation's line; no numbering plan range holds it.
     */
    SERVICE,
    /**
     * No number at all: the caller withheld it and the network that handed us the call did not
     * deliver it. Nothing can be checked, and there is no number to keep a reputation for.
     */
    WITHHELD
}
