package io.convergent.common.immunity;

/** A Digital Immunity rules document that cannot be used; the message names the problem. */
public final class InvalidRulesException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidRulesException(String message) {
        super(message);
    }

    public InvalidRulesException(String message, Throwable cause) {
        super(message, cause);
    }
}
