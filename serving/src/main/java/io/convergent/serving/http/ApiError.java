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
    private final boolean lasting;

    public ApiError(int status, String code, String message) {
        this(status, code, message, null, false);
    }

    private ApiError(int status, String code, String message, String allow, boolean lasting) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.allow = allow;
        this.lasting = lasting;
    }

    /**
     * A 503 that lasts as long as this serving process: answered without {@code Retry-After}, which
     * would have a client retry every second for ever.
     */
    public static ApiError unavailableUntilRestart(String message) {
        return new ApiError(503, "UNAVAILABLE", message, null, true);
    }

    /** Whether no retry can change the answer (see {@link #unavailableUntilRestart}). */
    public boolean lasting() {
        return lasting;
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
                allow,
                false);
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
