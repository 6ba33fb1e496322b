package io.convergent.serving.store;

/** A batch view on disk that must not serve: partial, damaged, or of an unknown format. */
public final class InvalidViewException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidViewException(String message) {
        super(message);
    }

    public InvalidViewException(String message, Throwable cause) {
        super(message, cause);
    }
}
