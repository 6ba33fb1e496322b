package io.convergent.common.immunity;

/** The Digital Immunity layer that made a decision; reported per layer in the statistics. */
public enum ImmunityLayer {
    /** A caller id the network's own knowledge proves forged (our number, wrong route). */
    SPOOFING,
    /** A caller id from a range no registered operator holds. */
    NUMBERING,
    /** A caller working through many numbers that mostly do not answer it. */
    MASS_DIALLING,
    /** A number subscribers keep complaining about. */
    COMPLAINTS,
    /** A poor reputation short of a block: the call is allowed with a hint. */
    REPUTATION
}
