package io.doriscdc.runtime.internal;

import java.util.Optional;

/**
 * Whether {@code memory.budget} fits the JVM's heap: the budget bounds the ring, the batches being built,
 * the payloads in flight and staged transactions, and the heap needs room besides for the decoder,
 * the transport, the JDBC connections and garbage not yet collected. A heap of the budget plus half of
 * it holds that (what {@code ./doris-cdc}'s {@code -Xmx} gives the default budget); one below the budget
 * plus {@link #HEADROOM} is named at start, since the pipeline may run out of memory in it. Stateless.
 */
final class HeapFit {

    static final long HEADROOM = 64L << 20;

    private HeapFit() {
    }

    /** The heap this budget wants: the budget and half of it, at least the budget and {@link #HEADROOM}. */
    static long recommendedHeap(long budget) {
        return Math.max(budget + budget / 2, budget + HEADROOM);
    }

    /** A warning when a heap of {@code maxHeap} bytes (Runtime.maxMemory()) cannot hold {@code budget}, else empty. */
    static Optional<String> warning(long budget, long maxHeap) {
        if (maxHeap == Long.MAX_VALUE || maxHeap >= budget + HEADROOM) {
            return Optional.empty();
        }
        return Optional.of("memory.budget (" + (budget >> 20) + " MiB) does not fit this JVM's heap (" + (maxHeap >> 20) + " MiB, -Xmx) with room"
                + " for the rest; the pipeline may run out of memory under load: start the JVM with -Xmx" + (recommendedHeap(budget) >> 20)
                + "m (./doris-cdc: DORIS_CDC_JAVA_OPTS=-Xmx" + (recommendedHeap(budget) >> 20) + "m) or lower memory.budget to "
                + (Math.max(1L << 20, maxHeap - HEADROOM) * 2 / 3 >> 20) + "MiB");
    }
}
