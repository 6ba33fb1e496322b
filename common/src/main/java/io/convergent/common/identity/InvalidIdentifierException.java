package io.convergent.common.identity;

/**
 * A value that is not a valid identifier of its kind. The message names the kind, never the value:
 * a raw identifier must not reach a log through an exception.
 */
public final class InvalidIdentifierException extends IllegalArgumentException {

    private final IdentifierKind kind;

    public InvalidIdentifierException(IdentifierKind kind) {
        super("not a valid " + kind.tag() + " identifier");
        this.kind = kind;
    }

    public IdentifierKind kind() {
        return kind;
    }
}
