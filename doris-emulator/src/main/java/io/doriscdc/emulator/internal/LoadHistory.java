package io.doriscdc.emulator.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.doriscdc.emulator.LoadRecord;
import io.doriscdc.emulator.TxnState;

/** The bounded history of BE loads (oldest dropped first). Thread-safe. */
final class LoadHistory {
    private final int max;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    /** One load; its transaction's state is read when a snapshot is taken. */
    record Entry(LoadResponse response, Txn txn, String db, String table, Map<String, String> headers) {
    }

    LoadHistory(int max) {
        this.max = max;
    }

    synchronized void add(Entry e) {
        entries.addLast(e);
        while (entries.size() > max) {
            entries.removeFirst();
        }
    }

    synchronized List<LoadRecord> snapshot() {
        List<LoadRecord> out = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            LoadResponse r = e.response();
            TxnState state = e.txn() != null ? e.txn().state
                    : r.groupCommit && r.succeeded() ? TxnState.VISIBLE : TxnState.UNKNOWN;
            out.add(new LoadRecord(r.label, r.txnId, state, r.status, r.message, e.db(), e.table(), r.totalRows,
                    r.loadedRows, r.filteredRows, r.loadBytes, r.twoPhaseCommit, e.headers()));
        }
        return out;
    }
}
