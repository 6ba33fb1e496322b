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
    UNALLOCATED
}
