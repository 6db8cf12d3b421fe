package io.doriscdc.runtime.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded single-producer single-consumer ring of replication frames between the reader thread
 * and the worker (ARCHITECTURE.md: a full ring is backpressure). Slots are preallocated, the size
 * is a power of two and the index is a mask; a byte budget bounds the memory of the frames it
 * holds (invariant 5). The producer never blocks: {@link #offer} answers false when full, so the
 * reader can keep answering keepalives.
 *
 * <p>Thread-safety: exactly one producer thread and one consumer thread.
 */
public final class FrameRing {

    private final ByteBuffer[] data;
    private final long[] lsns;
    private final int mask;
    private final long byteBudget;
    private final AtomicLong head = new AtomicLong(); // next slot to read (consumer)
    private final AtomicLong tail = new AtomicLong(); // next slot to write (producer)
    private final AtomicLong bytes = new AtomicLong();
    private volatile Thread waitingConsumer;

    /** The marker frame of a server position (a keepalive's WAL end): no bytes, the position as its LSN. */
    private static final ByteBuffer SERVER_POSITION = ByteBuffer.allocate(0).asReadOnlyBuffer();

    public FrameRing(int size, long byteBudget) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring size " + size + " is not a power of two");
        }
        this.data = new ByteBuffer[size];
        this.lsns = new long[size];
        this.mask = size - 1;
        this.byteBudget = byteBudget;
    }

    /**
     * Adds a frame unless the ring is full (by slots, or by bytes while it is not empty).
     *
     * @return false when full: keep the frame and offer it again later
     */
    public boolean offer(ByteBuffer frame, long lsn) {
        long t = tail.get();
        long h = head.get();
        if (t - h > mask) {
            return false;
        }
        int size = frame.remaining();
        if (t != h && bytes.get() + size > byteBudget) {
            return false;
        }
        int i = (int) (t & mask);
        data[i] = frame;
        lsns[i] = lsn;
        bytes.addAndGet(size);
        tail.lazySet(t + 1);
        Thread w = waitingConsumer;
        if (w != null) {
            LockSupport.unpark(w);
        }
        return true;
    }

    /**
     * Adds the marker of a server position: the server has sent everything committed before
     * {@code lsn}. It reaches the consumer after every frame offered before it.
     *
     * @return false when full (the marker is simply dropped: a later one will do)
     */
    public boolean offerServerPosition(long lsn) {
        return offer(SERVER_POSITION, lsn);
    }

    /** True if {@code frame}, taken from the ring, is a server position marker rather than a pgoutput message. */
    public static boolean isServerPosition(ByteBuffer frame) {
        return frame == SERVER_POSITION;
    }

    /** True if a frame is waiting. Consumer only. */
    public boolean hasNext() {
        return head.get() != tail.get();
    }

    /** The LSN of the next frame; only when {@link #hasNext()}. Consumer only. */
    public long peekLsn() {
        return lsns[(int) (head.get() & mask)];
    }

    /** Takes the next frame; only when {@link #hasNext()}. Consumer only. */
    public ByteBuffer take() {
        long h = head.get();
        int i = (int) (h & mask);
        ByteBuffer b = data[i];
        data[i] = null;
        bytes.addAndGet(-b.remaining());
        head.lazySet(h + 1);
        return b;
    }

    /** Parks the consumer until a frame arrives or the timeout passes. Consumer only. */
    public void awaitFrame(long timeout, TimeUnit unit) {
        if (hasNext()) {
            return;
        }
        waitingConsumer = Thread.currentThread();
        try {
            if (!hasNext()) {
                LockSupport.parkNanos(this, unit.toNanos(timeout));
            }
        } finally {
            waitingConsumer = null;
        }
    }

    public int used() {
        return (int) (tail.get() - head.get());
    }

    public int capacity() {
        return mask + 1;
    }

    public long bytes() {
        return bytes.get();
    }
}
