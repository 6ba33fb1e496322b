package io.convergent.serving.http;

/**
 * A refused request, in CAMARA's error shape ({@code {"status", "code", "message"}}): every
 * endpoint answers its errors this way, ours and CAMARA's alike.
 */
public final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
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
