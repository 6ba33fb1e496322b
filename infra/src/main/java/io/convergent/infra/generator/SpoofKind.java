package io.convergent.infra.generator;

/** How a call's caller id is forged; the column {@code spoof_kind} of {@code spoofed_calls.csv}. */
enum SpoofKind {
    /** One of our subscribers' numbers, arriving from outside while its owner is not abroad. */
    OUR_NUMBER,
    /** A domestic number arriving over the international gateway. */
    DOMESTIC_VIA_INTERNATIONAL,
    /** A number from a range no operator holds. */
    UNALLOCATED
}
