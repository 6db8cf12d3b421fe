package io.doriscdc.emulator.internal;

import java.util.List;

import io.doriscdc.emulator.TxnState;

/**
 * One load transaction. Mutable; guarded by the owning {@link TxnManager}'s lock (state is also
 * volatile so that history snapshots can read it).
 */
final class Txn {
    final long id;
    final String db;
    final String table;
    final String label;
    final boolean twoPhase;
    final long beginMillis;
    volatile TxnState state = TxnState.PREPARE;
    String abortReason = "";
    List<RowOp> pending = List.of();
    long precommitMillis;
    long finishMillis;

    Txn(long id, String db, String table, String label, boolean twoPhase, long beginMillis) {
        this.id = id;
        this.db = db;
        this.table = table;
        this.label = label;
        this.twoPhase = twoPhase;
        this.beginMillis = beginMillis;
    }
}
