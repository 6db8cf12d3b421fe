package io.doriscdc.runtime.internal;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.TableId;
import java.util.HashMap;
import java.util.Map;

/**
 * The stream positions of the transaction being read (docs/operations.md, "Delivery guarantees and
 * their limits"): its commit LSN, and for each mapped table the ordinal of that table's last change
 * in it. A change's ordinal counts only the changes of its own mapped table before it, so it does
 * not depend on what else the publication carries: a table that joins or leaves what the pipeline
 * reads between a crash and the replay moves no other table's position, and so no version, label
 * or recorded TRUNCATE or column change.
 *
 * <p>A mapped table's counter is keyed by its Doris table, not by relation: the leaves of a
 * partitioned table published under their own names share their root's (a row moving between
 * leaves is a delete and an insert of one key, in order), and should two source tables feed one
 * Doris table, their labels and versions, which belong to the Doris table, stay distinct too. A
 * table no route maps counts under its own name (never a mapped table's counter).
 *
 * <p>Positions of different tables in one transaction are not ordered against each other in any
 * meaningful way; nothing compares them (each version, label, TRUNCATE record and column-change
 * record belongs to one table). Worker thread only.
 */
final class TransactionPositions {

    /** {@link DorisTableId} of a mapped table, or {@link TableId} of a table no route maps → the ordinal of its last change. */
    private final Map<Object, long[]> ordinals = new HashMap<>();
    private Lsn commitLsn = Lsn.INVALID;
    private boolean open;
    private StreamPosition last;

    /** A transaction committed at {@code commit} starts: every table's count starts again from 0. */
    void begin(Lsn commit) {
        commitLsn = commit;
        ordinals.clear();
        open = true;
        last = null;
    }

    /** The transaction's changes are all read. */
    void end() {
        open = false;
    }

    /** True between {@link #begin} and {@link #end}. */
    boolean open() {
        return open;
    }

    /** The commit LSN of the transaction being (or last) read. */
    Lsn commitLsn() {
        return commitLsn;
    }

    /** The position of the next change of mapped table {@code table}, which it counts: 1 for its first change in the transaction. */
    StreamPosition next(TableRuntime table) {
        return count(table.route.target());
    }

    /** The position of the next change of {@code table}, which no route maps (the control table, say): counted under its own name. */
    StreamPosition nextUnmapped(TableId table) {
        return count(table);
    }

    /**
     * The position mapped table {@code table}'s next change will have, without counting it: where a
     * column change of the table stands (after the table's changes before it, at the first one after it).
     */
    StreamPosition peek(TableRuntime table) {
        long[] n = ordinals.get(table.route.target());
        return new StreamPosition(commitLsn, (n == null ? 0 : n[0]) + 1);
    }

    private StreamPosition count(Object key) {
        long[] n = ordinals.computeIfAbsent(key, k -> new long[1]);
        last = new StreamPosition(commitLsn, ++n[0]);
        return last;
    }

    /** The position last given out in this transaction (for error messages), or null outside a transaction or before its first change. */
    StreamPosition last() {
        return open ? last : null;
    }
}
