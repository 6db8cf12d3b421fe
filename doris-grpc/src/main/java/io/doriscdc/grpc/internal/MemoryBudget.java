package io.doriscdc.grpc.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's byte budget for payload chunks. A load reserves each chunk's bytes before it asks the
 * client for it, and only while Doris is reading its body; when the budget is spent the reservation
 * waits (first come, first served) and the client's stream stays paused by gRPC flow control. Waiting,
 * never failing, is what turns a slow BE into a slow client instead of unbounded buffering. Every
 * reserved byte belongs to a load whose body is being written, which gives its bytes back as it
 * writes them (or all at once when it fails), so reservations cannot wait on each other forever.
 * Thread-safe.
 */
public final class MemoryBudget {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryBudget.class);

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
    private long waited;

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
                waited++;
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
        for (Runnable g : granted) {
            try {
                g.run();
            } catch (RuntimeException e) { // one failing grant must not strand the others, whose bytes are taken
                LOG.warn("a buffer grant failed; ignored", e);
            }
        }
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

    /** Reservations that had to wait for budget, since the start. */
    public synchronized long waited() {
        return waited;
    }
}
