package io.doriscdc.runtime.internal;

import io.doriscdc.api.Lsn;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides how far the slot may be acknowledged (ARCHITECTURE.md invariant 1): only ever to the end
 * of a transaction whose changes, and every earlier transaction's, are committed in Doris.
 *
 * <p>Pending data is tracked as <em>holds</em>: a batch being built or in flight holds the commit
 * LSN of the oldest transaction it contains, and a FAILED table holds the commit of the first change
 * it could not deliver, for good. The safe position is the end LSN of the newest fully routed
 * transaction whose commit LSN is below every hold.
 *
 * <p>Memory stays bounded however long a hold lasts: of the routed transactions between two hold
 * positions only the newest is kept, since the others can never become safe on their own.
 *
 * <p>Holds and routed transactions are commit LSNs, never stream positions: a position's ordinal
 * counts one table's changes only ({@link TransactionPositions}), and nothing here orders the
 * changes of two tables within a transaction.
 *
 * <p>Used by the pipeline's worker thread only; not thread-safe.
 */
public final class AckTracker {

    /** A routed transaction not yet acknowledged. */
    private record Routed(Lsn commit, Lsn end) {
    }

    /** commit LSN → number of holds at it. */
    private final TreeMap<Lsn, Integer> holds = new TreeMap<>();
    /** Routed transactions not yet acknowledged, in commit order; at most one per gap between holds. */
    private final ArrayDeque<Routed> commits = new ArrayDeque<>();
    private Lsn safe;

    /** @param start the position already acknowledged (the slot's confirmed flush LSN) */
    public AckTracker(Lsn start) {
        this.safe = start;
    }

    /** Pending data from the transaction committed at {@code commit} now exists. */
    public void hold(Lsn commit) {
        holds.merge(commit, 1, Integer::sum);
    }

    /** Pending data held at {@code commit} is committed in Doris. */
    public void release(Lsn commit) {
        Integer n = holds.get(commit);
        if (n == null) {
            throw new IllegalStateException("release of a hold at " + commit + " that was never taken");
        }
        if (n == 1) {
            holds.remove(commit);
        } else {
            holds.put(commit, n - 1);
        }
    }

    /** Every change of the transaction has been routed to its table (and holds taken). */
    public void routed(Lsn commit, Lsn end) {
        Routed last = commits.peekLast();
        if (last != null) {
            // no hold in (last.commit, commit]: whenever last becomes safe, so does this one
            Lsn between = holds.ceilingKey(Lsn.of(last.commit().value() + 1));
            if (between == null || between.isAfter(commit)) {
                commits.pollLast();
            }
        }
        commits.addLast(new Routed(commit, end));
    }

    /**
     * The position the slot may be acknowledged to now: never behind an earlier answer, never past a
     * transaction that still has a change not committed in Doris.
     */
    public Lsn safe() {
        Map.Entry<Lsn, Integer> oldest = holds.firstEntry();
        while (!commits.isEmpty()) {
            Routed c = commits.peekFirst();
            if (oldest != null && !c.commit().isBefore(oldest.getKey())) {
                break;
            }
            safe = Lsn.max(safe, c.end());
            commits.pollFirst();
        }
        return safe;
    }

    /** True when everything routed is acknowledged and nothing is held. */
    public boolean settled() {
        return holds.isEmpty() && commits.isEmpty();
    }

    /**
     * The server's word that it has sent everything committed before {@code serverPosition} (a
     * keepalive): the caller has processed every frame received before it, and no transaction is
     * partly received. Moves the safe position there when nothing is pending.
     *
     * @return true if the safe position moved
     */
    public boolean idleAt(Lsn serverPosition) {
        safe();
        if (!settled() || !serverPosition.isAfter(safe)) {
            return false;
        }
        safe = serverPosition;
        return true;
    }

    /** Routed transactions kept (for tests of the memory bound). */
    int queued() {
        return commits.size();
    }
}
