package io.doriscdc.runtime.internal;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.StreamPosition;

/**
 * Orders one table's copy loads against its propagated TRUNCATEs (ARCHITECTURE.md invariant 7). A
 * copy batch enters before it is loaded and leaves when its load ends; a TRUNCATE at position P
 * first closes the gate to every copy at a snapshot before P and waits for the loads in flight, so
 * no copied row older than the TRUNCATE is loaded after it. Rows the TRUNCATE then removes need no
 * copy: every row PostgreSQL has after P was inserted at P or later and reaches Doris through the
 * stream. It compares positions of its own table only: a snapshot at X (ordinal 0) is before
 * every change committed at X, whatever the table's count there. Thread-safe.
 */
final class CopyGate {

    private StreamPosition truncatedAt; // guarded by this
    private int loading;                // guarded by this

    /** A copy batch of a snapshot at {@code snapshot} may be loaded: false when a later TRUNCATE superseded it. */
    synchronized boolean enter(StreamPosition snapshot) {
        if (truncatedAt != null && !truncatedAt.isBefore(snapshot)) {
            return false;
        }
        loading++;
        return true;
    }

    /** The load of a batch that entered has ended (committed or failed). */
    synchronized void leave() {
        loading--;
        notifyAll();
    }

    /** Closes the gate to copies before {@code position} and waits until no copy load is in flight. */
    synchronized void truncateAt(StreamPosition position) {
        truncatedAt = truncatedAt == null ? position : StreamPosition.max(truncatedAt, position);
        try {
            while (loading > 0) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdcException("interrupted while waiting for copy loads to end before a TRUNCATE at " + position, e);
        }
    }
}
