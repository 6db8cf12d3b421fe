package io.doriscdc.runtime.internal.snapshot;

import io.doriscdc.api.TableId;

/**
 * A range of heap blocks of one table, copied as {@code ctid >= '(start,0)' AND ctid < '(end,0)'}
 * ({@code end < 0}: to the end of the table). PostgreSQL 14+ reads it with a TID Range Scan.
 */
record CopyRange(TableId table, long startBlock, long endBlock) {

    String predicate() {
        String lower = "ctid >= '(" + startBlock + ",0)'::tid";
        return endBlock < 0 ? lower : lower + " AND ctid < '(" + endBlock + ",0)'::tid";
    }
}
