package io.convergent.common.event;

/** Radio access technology of a data session. */
public enum RadioAccess {
    GSM,
    UMTS,
    LTE,
    NR
}
