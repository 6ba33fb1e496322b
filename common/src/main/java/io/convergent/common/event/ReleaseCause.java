package io.convergent.common.event;

/** Why a call ended; unanswered attempts matter for spam detection. */
public enum ReleaseCause {
    NORMAL,
    NO_ANSWER,
    BUSY,
    REJECTED,
    UNREACHABLE,
    FAILED
}
