package io.doriscdc.streamload.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: the bound doubles from {@code initial} up to {@code max}, and each
 * wait is drawn between half and all of the bound, so retries of many batches spread out. Immutable
 * and thread-safe if the random source is.
 */
public record Backoff(Duration initial, Duration max, DoubleSupplier random) {

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration delay(int retry) {
        long bound = initial.toNanos();
        for (int i = 1; i < retry && bound < max.toNanos(); i++) {
            bound *= 2;
        }
        bound = Math.min(bound, max.toNanos());
        double r = random.getAsDouble();
        return Duration.ofNanos((long) (bound / 2.0 + bound / 2.0 * r));
    }
}
