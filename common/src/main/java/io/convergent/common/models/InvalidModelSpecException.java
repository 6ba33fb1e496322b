package io.convergent.common.models;

/** A model specification that cannot be trained; the message names the file and the problem. */
public final class InvalidModelSpecException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidModelSpecException(String message) {
        super(message);
    }

    public InvalidModelSpecException(String message, Throwable cause) {
        super(message, cause);
    }
}
