package io.convergent.common.immunity;

/** What the network does with a call. */
public enum CallAction {
    ALLOW,
    BLOCK
}
