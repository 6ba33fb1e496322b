package io.convergent.serving.http;

/**
 * A token bucket per client: {@code rate} requests a second on average, bursts up to one second's
 * worth. Thread-safe.
 */
final class RateLimiter {

    private final double rate;
    private final double capacity;
    private double tokens;
    private long refilledAt;

    RateLimiter(double rate, long nowNanos) {
        this.rate = rate;
        this.capacity = Math.max(1, rate);
        this.tokens = capacity;
        this.refilledAt = nowNanos;
    }

    synchronized boolean tryAcquire(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - refilledAt) * rate / 1e9);
        refilledAt = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
