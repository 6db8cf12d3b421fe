package io.doriscdc.grpc.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's byte budget for load payloads. A load reserves its whole payload before it asks the
 * client for the first chunk; when the budget is spent the reservation waits (first come, first
 * served) and the client's stream stays paused by gRPC flow control. Waiting, never failing, is what
 * turns a slow BE into a slow client instead of unbounded buffering; reserving whole payloads up front
 * means half-received loads can never deadlock each other. Thread-safe.
 */
public final class MemoryBudget {

    /** A reservation that has not been granted yet. */
    public final class Waiter {
        private final long bytes;
        private final Runnable onGranted;

        private Waiter(long bytes, Runnable onGranted) {
            this.bytes = bytes;
            this.onGranted = onGranted;
        }

        /** Withdraws a waiting reservation; returns false if it was already granted (then release it). */
        public boolean cancel() {
            synchronized (MemoryBudget.this) {
                return waiters.remove(this);
            }
        }
    }

    private final long capacity;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private long used;
    private long peak;

    public MemoryBudget(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("memory budget must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    public long capacity() {
        return capacity;
    }

    /**
     * Reserves {@code bytes}; {@code onGranted} runs at once on this thread if they are free, otherwise
     * later on the thread that releases enough.
     *
     * @throws IllegalArgumentException if {@code bytes} is more than the whole budget
     */
    public Waiter reserve(long bytes, Runnable onGranted) {
        if (bytes > capacity || bytes < 0) {
            throw new IllegalArgumentException(bytes + " bytes do not fit a budget of " + capacity);
        }
        Waiter w = new Waiter(bytes, onGranted);
        boolean now;
        synchronized (this) {
            now = waiters.isEmpty() && used + bytes <= capacity;
            if (now) {
                take(bytes);
            } else {
                waiters.add(w);
            }
        }
        if (now) {
            onGranted.run();
        }
        return w;
    }

    /** Gives {@code bytes} back and grants waiting reservations that now fit, in arrival order. */
    public void release(long bytes) {
        List<Runnable> granted = new ArrayList<>();
        synchronized (this) {
            used -= bytes;
            if (used < 0) {
                throw new IllegalStateException("released more than reserved: " + used);
            }
            while (!waiters.isEmpty() && used + waiters.peek().bytes <= capacity) {
                Waiter w = waiters.poll();
                take(w.bytes);
                granted.add(w.onGranted);
            }
        }
        granted.forEach(Runnable::run);
    }

    private void take(long bytes) {
        used += bytes;
        peak = Math.max(peak, used);
    }

    public synchronized long used() {
        return used;
    }

    public synchronized long peak() {
        return peak;
    }

    public synchronized int waiting() {
        return waiters.size();
    }
}
