package io.doriscdc.runtime.internal.snapshot;

import io.doriscdc.api.TableId;

/**
 * A range of heap blocks of one relation that holds rows of a table (the table itself, or one leaf
 * partition of a partitioned table), copied as {@code ctid >= '(start,0)' AND ctid < '(end,0)'}
 * ({@code end < 0}: to the end of the relation). PostgreSQL 14+ reads it with a TID Range Scan.
 *
 * @param table the mapped table whose Doris table receives the rows
 * @param relation the relation whose heap the blocks belong to: {@code table} itself, or a leaf partition of it
 * @param leafOrdinal 0 for the table itself, else the leaf's 1-based position among the plan's leaves (in name order)
 */
record CopyRange(TableId table, TableId relation, int leafOrdinal, long startBlock, long endBlock) {

    /** A range of the table's own heap. */
    CopyRange(TableId table, long startBlock, long endBlock) {
        this(table, table, 0, startBlock, endBlock);
    }

    boolean ofLeaf() {
        return leafOrdinal > 0;
    }

    String predicate() {
        String lower = "ctid >= '(" + startBlock + ",0)'::tid";
        return endBlock < 0 ? lower : lower + " AND ctid < '(" + endBlock + ",0)'::tid";
    }

    /**
     * The number the range's batch labels carry: its start block, with the leaf's ordinal above the
     * 32 bits a block number needs, so that ranges of different leaves never share a label.
     */
    long labelBlock() {
        return ((long) leafOrdinal << 32) | startBlock;
    }

    /** e.g. {@code public.t blocks 0..4096} or {@code public.t (leaf public.t_2024) blocks 4096..end}. */
    String describe() {
        return table + (ofLeaf() ? " (leaf " + relation + ")" : "") + " blocks " + startBlock + ".." + (endBlock < 0 ? "end" : endBlock);
    }
}
