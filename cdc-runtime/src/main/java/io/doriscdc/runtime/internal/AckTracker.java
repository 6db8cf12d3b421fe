package io.doriscdc.runtime.internal;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides how far the slot may be acknowledged (ARCHITECTURE.md invariant 1): up to the end of the
 * latest transaction before which every change of every mapped table is committed in Doris.
 *
 * <p>Pending data is tracked as <em>holds</em>: a batch being built or in flight holds the commit
 * LSN of the oldest transaction it contains. The safe position is the end LSN of the newest fully
 * routed transaction whose commit LSN is below every hold. Used by the pipeline's worker thread
 * only; not thread-safe.
 */
public final class AckTracker {

    /** commit LSN → number of holds at it (unsigned order). */
    private final TreeMap<Long, Integer> holds = new TreeMap<>(Long::compareUnsigned);
    /** Routed transactions not yet acknowledged: {commitLsn, endLsn}, in commit order. */
    private final ArrayDeque<long[]> commits = new ArrayDeque<>();
    private long safe;

    /** @param start the position already acknowledged (the slot's confirmed flush LSN) */
    public AckTracker(long start) {
        this.safe = start;
    }

    /** Pending data from the transaction committed at {@code commitLsn} now exists. */
    public void hold(long commitLsn) {
        holds.merge(commitLsn, 1, Integer::sum);
    }

    /** Pending data held at {@code commitLsn} is committed in Doris. */
    public void release(long commitLsn) {
        Integer n = holds.get(commitLsn);
        if (n == null) {
            throw new IllegalStateException("release of a hold at " + Long.toHexString(commitLsn) + " that was never taken");
        }
        if (n == 1) {
            holds.remove(commitLsn);
        } else {
            holds.put(commitLsn, n - 1);
        }
    }

    /** Every change of the transaction has been routed to its table (and holds taken). */
    public void routed(long commitLsn, long endLsn) {
        commits.addLast(new long[] {commitLsn, endLsn});
    }

    /**
     * The position the slot may be acknowledged to now: never behind an earlier answer, never past a
     * transaction that still has a change not committed in Doris.
     */
    public long safeLsn() {
        Map.Entry<Long, Integer> oldest = holds.firstEntry();
        while (!commits.isEmpty()) {
            long[] c = commits.peekFirst();
            if (oldest != null && Long.compareUnsigned(c[0], oldest.getKey()) >= 0) {
                break;
            }
            if (Long.compareUnsigned(c[1], safe) > 0) {
                safe = c[1];
            }
            commits.pollFirst();
        }
        return safe;
    }
}
