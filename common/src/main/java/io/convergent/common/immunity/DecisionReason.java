package io.convergent.common.immunity;

import java.util.Objects;

/**
 * Why a call was blocked or flagged: a stable code for machines, the layer that owns it, and a
 * sentence for the people who read decisions.
 */
public enum DecisionReason {
    OUR_NUMBER_FROM_OUTSIDE(
            ImmunityLayer.SPOOFING,
            "presents one of our subscribers' numbers from outside our network while its owner is"
                    + " not abroad"),
    DOMESTIC_FIXED_VIA_INTERNATIONAL(
            ImmunityLayer.SPOOFING,
            "presents a domestic fixed-line number but arrived over the international gateway"),
    DOMESTIC_MOBILE_VIA_INTERNATIONAL(
            ImmunityLayer.SPOOFING,
            "presents a domestic mobile number of another operator but arrived over the"
                    + " international gateway"),
    SHORT_NUMBER_VIA_INTERCONNECT(
            ImmunityLayer.SPOOFING,
            "presents a short service number (such as a bank's 900) from another operator's"
                    + " network, where it cannot be checked"),
    SHORT_NUMBER_FROM_ABROAD(
            ImmunityLayer.SPOOFING,
            "presents a domestic short service number (such as a bank's 900) but arrived over the"
                    + " international gateway"),
    UNALLOCATED_NUMBER(ImmunityLayer.NUMBERING, "presents a number from a range no operator holds"),
    INVALID_CALLER_ID(
            ImmunityLayer.NUMBERING,
            "presents a caller id that is no phone number at all, so no operator holds it"),
    MASS_DIALLING(
            ImmunityLayer.MASS_DIALLING,
            "calls many numbers it has not called before, few of whom answer, or dials down a"
                    + " number range"),
    MANY_COMPLAINTS(
            ImmunityLayer.COMPLAINTS, "subscribers complained about this number in the last day"),
    POOR_REPUTATION(
            ImmunityLayer.REPUTATION,
            "the number's recent calls look like spam, and it has not called this subscriber"
                    + " lately");

    private final ImmunityLayer layer;
    private final String description;

    DecisionReason(ImmunityLayer layer, String description) {
        this.layer = Objects.requireNonNull(layer, "layer");
        this.description = Objects.requireNonNull(description, "description");
    }

    public ImmunityLayer layer() {
        return layer;
    }

    public String description() {
        return description;
    }
}
