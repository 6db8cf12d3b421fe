package io.doriscdc.runtime.internal;

import io.doriscdc.runtime.PipelineConfig;

/**
 * When a table's pending changes become a Doris load: at once when they fill a batch
 * ({@code batch.max-rows}, {@code batch.max-bytes}, or a quarter of the memory budget's share for batches,
 * so that a pending batch, the payload it is encoded into and the batch in flight before it fit the
 * budget together); when the oldest of them reached
 * {@code batch.max-age}; and earlier, when the stream is idle (everything received is handled and no
 * transaction is half read) and the table's previous load began at least
 * {@code 1 / batch.max-loads-per-second} ago. The last rule puts a lone transaction into Doris at
 * once and holds a steady trickle to that many loads per table per second, while a busy stream (a
 * backlog: never idle) still makes full loads, or loads of {@code batch.max-age}.
 *
 * <p>Pure: the caller gives every time (in {@link System#nanoTime()} units), so the rules are tested
 * without a clock. Immutable and thread-safe.
 *
 * @param maxMemory            the memory a pending batch may hold (its changes' footprint in the budget)
 * @param minLoadIntervalNanos the shortest time between the starts of two early loads of one table
 */
record FlushPolicy(int maxRows, long maxBytes, long maxMemory, long maxAgeNanos, long minLoadIntervalNanos) {

    /** The time since the previous load of a table that never had one. */
    static final long NEVER = Long.MAX_VALUE;

    /** @param batchBudget the memory budget's share for batches and staged transactions */
    static FlushPolicy of(PipelineConfig config, long batchBudget) {
        return new FlushPolicy(config.batchMaxRows(), config.batchMaxBytes(), Math.max(256L << 10, batchBudget / 4), config.batchMaxAge().toNanos(),
                Math.round(1e9 / config.batchMaxLoadsPerSecond()));
    }

    /** True when the pending changes make a full batch: no more may be added before it is sent. */
    boolean full(int changes, long bytes, long memory) {
        return changes >= maxRows || bytes >= maxBytes || memory >= maxMemory;
    }

    /**
     * True when pending changes are to be sent now.
     *
     * @param changes            pending changes (0: nothing is due)
     * @param bytes              their message bytes
     * @param memory             what they hold in the memory budget
     * @param ageNanos           how long ago the oldest of them was added
     * @param sinceLastLoadNanos how long ago the table's previous load began, {@link #NEVER} when it had none
     * @param idle               whether the stream is idle
     */
    boolean due(int changes, long bytes, long memory, long ageNanos, long sinceLastLoadNanos, boolean idle) {
        if (changes == 0) {
            return false;
        }
        return full(changes, bytes, memory) || ageNanos >= maxAgeNanos || (idle && sinceLastLoadNanos >= minLoadIntervalNanos);
    }
}
