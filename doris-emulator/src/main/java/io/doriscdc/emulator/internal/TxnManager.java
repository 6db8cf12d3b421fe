package io.doriscdc.emulator.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.doriscdc.emulator.TxnState;
import io.doriscdc.emulator.VisibilityListener;

/**
 * Transactions and labels per database (§2, §3). Only a non-aborted transaction blocks its label;
 * finished transactions are forgotten after {@code labelKeepMillis} or once more than
 * {@code labelNumThreshold} finished ones exist in the database (oldest first); pre-committed
 * transactions abort after {@code precommitTimeoutMillis}. Commits apply rows to the table in
 * commit order.
 *
 * <p>Thread-safe: one lock for all transaction state; a commit holds it while it applies rows
 * (lock order: manager, then table).
 */
final class TxnManager {
    static final long PUBLISH_DELAY_MILLIS = 200;

    private final EmulatorConfig config;
    private final Catalog catalog;
    private final Counters counters;
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler;
    private final Map<String, DbTxns> dbs = new HashMap<>();
    private final Map<Long, Txn> byId = new HashMap<>();
    private long nextId = 1000;

    private static final class DbTxns {
        final Map<String, Txn> latestByLabel = new HashMap<>();
        final ArrayDeque<Txn> finished = new ArrayDeque<>();
    }

    TxnManager(EmulatorConfig config, Catalog catalog, Counters counters, LongSupplier clock,
               ScheduledExecutorService scheduler) {
        this.config = config;
        this.catalog = catalog;
        this.counters = counters;
        this.clock = clock;
        this.scheduler = scheduler;
    }

    synchronized Txn begin(String db, String table, String label, boolean twoPhase) throws LabelAlreadyExistsException {
        DbTxns d = db(db);
        cleanLabels(d);
        Txn existing = d.latestByLabel.get(label);
        if (existing != null && existing.state != TxnState.ABORTED) {
            throw new LabelAlreadyExistsException(existing);
        }
        Txn t = new Txn(nextId++, db, table, label, twoPhase, clock.getAsLong());
        d.latestByLabel.put(label, t);
        byId.put(t.id, t);
        counters.loadsBegun.increment();
        return t;
    }

    /** A transaction id for group commit or other label-less work; no label is reserved. */
    synchronized long nextTxnId() {
        return nextId++;
    }

    /** Group commit (§5): no label, applied at once in arrival order. */
    synchronized void applyGroupCommit(String db, String table, List<RowOp> ops) {
        apply(db, table, ops);
        counters.txnsCommitted.increment();
    }

    synchronized void precommit(Txn t, List<RowOp> ops) {
        t.pending = List.copyOf(ops);
        t.state = TxnState.PRECOMMITTED;
        t.precommitMillis = clock.getAsLong();
    }

    /** Applies the rows and makes the transaction VISIBLE, or COMMITTED for a while when {@code publishTimeout}. */
    synchronized void commit(Txn t, List<RowOp> ops, boolean publishTimeout) {
        apply(t.db, t.table, ops);
        t.pending = List.of();
        counters.txnsCommitted.increment();
        if (publishTimeout) {
            t.state = TxnState.COMMITTED;
            scheduler.schedule(() -> publish(t), PUBLISH_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            finish(t, TxnState.VISIBLE);
        }
    }

    /** Merges committed rows into the table and tells the visibility listener which keys it wrote. */
    private void apply(String db, String table, List<RowOp> ops) {
        catalog.table(db, table).ifPresent(tbl -> {
            tbl.apply(ops);
            tbl.versions().committed(config.limits());
            if (config.visibility() != VisibilityListener.NONE) {
                List<List<Object>> keys = new ArrayList<>(ops.size());
                for (RowOp op : ops) {
                    if (!op.delete()) {
                        keys.add(op.key());
                    }
                }
                config.visibility().rowsVisible(db, table, java.util.Collections.unmodifiableList(keys));
            }
        });
    }

    private synchronized void publish(Txn t) {
        if (t.state == TxnState.COMMITTED) {
            finish(t, TxnState.VISIBLE);
        }
    }

    synchronized void abort(Txn t, String reason) {
        if (t.state == TxnState.PREPARE || t.state == TxnState.PRECOMMITTED) {
            t.abortReason = reason;
            t.pending = List.of();
            counters.txnsAborted.increment();
            finish(t, TxnState.ABORTED);
        }
    }

    private void finish(Txn t, TxnState state) {
        t.state = state;
        t.finishMillis = clock.getAsLong();
        DbTxns d = db(t.db);
        d.finished.addLast(t);
        cleanLabels(d);
    }

    /** §2: commit or abort a pre-committed transaction by id or label. */
    synchronized TwoPcOutcome operate(String db, Long txnId, String label, boolean commit) {
        sweep();
        DbTxns d = db(db);
        cleanLabels(d);
        Txn t;
        if (txnId != null) {
            t = byId.get(txnId);
            if (t == null || !t.db.equals(db)) {
                return TwoPcOutcome.error("transaction [" + txnId + "] not found");
            }
        } else {
            t = d.latestByLabel.get(label);
            boolean running = t != null && (t.state == TxnState.PRECOMMITTED || (!commit && t.state == TxnState.PREPARE));
            if (!running) {
                return TwoPcOutcome.error(commit ? "transaction not found, label=" + label
                        : "running transaction not found, label=" + label);
            }
        }
        String what = (txnId != null ? "transaction [" + t.id + "]" : "")
                + (txnId != null && label != null ? " " : "") + (label != null ? "label [" + label + "]" : "");
        if (commit) {
            switch (t.state) {
                case PRECOMMITTED -> {
                    commit(t, t.pending, false);
                    return TwoPcOutcome.ok(what + " commit successfully.");
                }
                case COMMITTED -> { return TwoPcOutcome.error("transaction [" + t.id + "] is already committed, not pre-committed."); }
                case VISIBLE -> { return TwoPcOutcome.error("transaction [" + t.id + "] is already visible, not pre-committed."); }
                case ABORTED -> { return TwoPcOutcome.error("transaction [" + t.id + "] is already aborted. abort reason: " + t.abortReason); }
                default -> { return TwoPcOutcome.error("transaction [" + t.id + "] is prepare, not pre-committed."); }
            }
        }
        switch (t.state) {
            case COMMITTED, VISIBLE -> {
                return TwoPcOutcome.error("transaction [" + t.id + "] is already " + t.state + ", could not abort.");
            }
            case ABORTED -> { return TwoPcOutcome.error("transaction [" + t.id + "] is already aborted, abort reason: " + t.abortReason); }
            default -> {
                abort(t, "user abort");
                return TwoPcOutcome.ok(what + " abort successfully.");
            }
        }
    }

    record TwoPcOutcome(boolean ok, String message) {
        static TwoPcOutcome ok(String m) {
            return new TwoPcOutcome(true, m);
        }

        static TwoPcOutcome error(String m) {
            return new TwoPcOutcome(false, m);
        }
    }

    /** §1.3 get_load_state: the state of the latest transaction with that label, UNKNOWN if none is remembered. */
    synchronized TxnState stateOf(String db, String label) {
        DbTxns d = db(db);
        cleanLabels(d);
        Txn t = d.latestByLabel.get(label);
        return t == null ? TxnState.UNKNOWN : t.state;
    }

    /** Aborts pre-committed transactions older than the pre-commit timeout (§2 Timeouts). */
    synchronized void sweep() {
        long now = clock.getAsLong();
        for (Txn t : List.copyOf(byId.values())) {
            if (t.state == TxnState.PRECOMMITTED && now - t.precommitMillis >= config.precommitTimeoutMillis()) {
                abort(t, "timeout by txn manager");
            }
        }
    }

    private void cleanLabels(DbTxns d) {
        long now = clock.getAsLong();
        while (!d.finished.isEmpty()) {
            Txn oldest = d.finished.peekFirst();
            boolean tooMany = config.labelNumThreshold() >= 0 && d.finished.size() > config.labelNumThreshold();
            boolean expired = now - oldest.finishMillis >= config.labelKeepMillis();
            if (!tooMany && !expired) {
                break;
            }
            d.finished.removeFirst();
            d.latestByLabel.remove(oldest.label, oldest);
            byId.remove(oldest.id);
        }
    }

    private DbTxns db(String db) {
        return dbs.computeIfAbsent(db, k -> new DbTxns());
    }
}
