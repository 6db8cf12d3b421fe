package io.doriscdc.runtime.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes the worker holds in batches being built and in staged streamed transactions (the ring
 * keeps its own budget). Thread-safe.
 */
public final class MemoryBudget {

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public MemoryBudget(long limit) {
        this.limit = limit;
    }

    public void add(long bytes) {
        used.addAndGet(bytes);
    }

    public void remove(long bytes) {
        used.addAndGet(-bytes);
    }

    /** True if {@code more} bytes would still fit. */
    public boolean fits(long more) {
        return used.get() + more <= limit;
    }

    public boolean exceeded() {
        return used.get() > limit;
    }

    public long used() {
        return used.get();
    }

    public long limit() {
        return limit;
    }
}
