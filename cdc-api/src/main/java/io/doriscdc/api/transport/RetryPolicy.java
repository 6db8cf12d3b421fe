package io.doriscdc.api.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When a transport tries a failed load again: exponential backoff with jitter (the bound doubles from
 * {@code initialBackoff} up to {@code maxBackoff}, each wait drawn between half and all of it, so the
 * retries of many batches spread out), at most {@code maxAttempts} attempts, and no retry that would
 * start later than {@code maxRetryTime} after the first attempt. Both built-in transports use it; a
 * helper for transport writers. Immutable; thread-safe if the random source is.
 *
 * @param maxAttempts attempts in all, the first included (at least 1)
 * @param maxRetryTime no retry starts later than this after the first attempt
 * @param initialBackoff the first wait's bound
 * @param maxBackoff the largest bound
 * @param random uniform values in [0, 1)
 */
public record RetryPolicy(int maxAttempts, Duration maxRetryTime, Duration initialBackoff, Duration maxBackoff, DoubleSupplier random) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(maxRetryTime, "maxRetryTime");
        Objects.requireNonNull(random, "random");
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff bounds must satisfy 0 < initial (" + initialBackoff + ") <= max (" + maxBackoff + ")");
        }
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration delay(int retry) {
        long bound = initialBackoff.toNanos();
        for (int i = 1; i < retry && bound < maxBackoff.toNanos(); i++) {
            bound *= 2;
        }
        bound = Math.min(bound, maxBackoff.toNanos());
        return Duration.ofNanos((long) (bound / 2.0 + bound / 2.0 * random.getAsDouble()));
    }

    /**
     * The wait before the next attempt after {@code failures} failed ones, {@code elapsed} after the
     * first attempt started; empty when the policy gives up.
     */
    public Optional<Duration> next(int failures, Duration elapsed) {
        if (failures >= maxAttempts) {
            return Optional.empty();
        }
        Duration d = delay(failures);
        return elapsed.plus(d).compareTo(maxRetryTime) > 0 ? Optional.empty() : Optional.of(d);
    }

    /** The text of a give-up: how many attempts over how long, and the limits. */
    public String giveUpReason(int failures, Duration elapsed) {
        return failures + " failed attempt(s) in " + elapsed.toMillis() + " ms (max-attempts " + maxAttempts + ", max-retry-time "
                + maxRetryTime + ")";
    }
}
