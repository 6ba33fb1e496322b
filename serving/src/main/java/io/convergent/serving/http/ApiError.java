package io.convergent.serving.http;

/**
 * A refused request, in CAMARA's error shape ({@code {"status", "code", "message"}}): every
 * endpoint answers its errors this way, ours and CAMARA's alike.
 */
public final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String allow;

    public ApiError(int status, String code, String message) {
        this(status, code, message, null);
    }

    private ApiError(int status, String code, String message, String allow) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.allow = allow;
    }

    /**
     * A 405: the path exists, not for {@code method}; {@code allowed} become the answer's {@code
     * Allow} header, as HTTP requires of a 405 (RFC 9110, 15.5.6).
     */
    public static ApiError methodNotAllowed(String method, java.util.Collection<String> allowed) {
        String allow = String.join(", ", allowed);
        return new ApiError(
                405,
                "METHOD_NOT_ALLOWED",
                method + " is not allowed on this path (allowed: " + allow + ")",
                allow);
    }

    /** The methods the path takes, for a 405; else {@code null}. */
    public String allow() {
        return allow;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiError invalid(String message) {
        return new ApiError(400, "INVALID_ARGUMENT", message);
    }

    public static ApiError outOfRange(String message) {
        return new ApiError(400, "OUT_OF_RANGE", message);
    }

    public static ApiError notFound(String message) {
        return new ApiError(404, "NOT_FOUND", message);
    }

    public static ApiError identifierNotFound() {
        return new ApiError(404, "IDENTIFIER_NOT_FOUND", "Device identifier not found.");
    }
}
