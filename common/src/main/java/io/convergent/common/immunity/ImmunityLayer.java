package io.convergent.common.immunity;

/** The Digital Immunity layer that made a decision; reported per layer in the statistics. */
public enum ImmunityLayer {
    /** A caller id the network's own knowledge proves forged (our number, wrong route). */
    SPOOFING,
    /** A caller id from a range no registered operator holds. */
    NUMBERING
}
