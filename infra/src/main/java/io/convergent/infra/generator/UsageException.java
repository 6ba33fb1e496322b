package io.convergent.infra.generator;

/** A command line that cannot be run: the message says what is wrong and with which value. */
public final class UsageException extends Exception {

    public UsageException(String message) {
        super(message);
    }
}
