package io.doriscdc.runtime.internal.snapshot;

import java.util.concurrent.atomic.AtomicLong;

/** Live progress of one table's copy. Thread-safe. */
public final class SnapshotProgress {

    private final AtomicLong rows = new AtomicLong();
    private final long estimated;
    private final long startedNanos = System.nanoTime();
    private volatile boolean done;
    private volatile String error;

    public SnapshotProgress(long estimated) {
        this.estimated = Math.max(0, estimated);
    }

    void add(long n) {
        rows.addAndGet(n);
    }

    void finish() {
        done = true;
    }

    void fail(String message) {
        error = message;
    }

    public long rowsDone() {
        return rows.get();
    }

    public long rowsEstimated() {
        return Math.max(estimated, rows.get());
    }

    public boolean done() {
        return done;
    }

    public String error() {
        return error;
    }

    /** Rows per second since the copy started. */
    public double rate() {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        return seconds <= 0 ? 0 : rows.get() / seconds;
    }

    /** Estimated seconds left, -1 when unknown. */
    public long etaSeconds() {
        double rate = rate();
        long left = rowsEstimated() - rows.get();
        return done ? 0 : rate <= 0 ? -1 : (long) Math.ceil(left / rate);
    }
}
