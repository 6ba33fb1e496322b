package io.convergent.common.immunity;

/** What the called phone shows while an unknown number rings. */
public enum HintLabel {
    POSSIBLE_SPAM("possible spam"),
    POSSIBLE_FRAUD("possible fraud");

    private final String text;

    HintLabel(String text) {
        this.text = text;
    }

    /** The words on the screen. */
    public String text() {
        return text;
    }
}
