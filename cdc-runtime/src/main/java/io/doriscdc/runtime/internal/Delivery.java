package io.doriscdc.runtime.internal;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.transport.TableMapping;
import io.doriscdc.api.transport.Transport;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.runtime.FailurePolicy;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.runtime.TableState;
import io.doriscdc.runtime.TruncatePolicy;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands due batches to the transport and takes back their outcomes: at most one batch per table in
 * flight, ack holds released only when Doris committed the batch, a table (or the pipeline) stopped
 * when a batch fails for good. Worker thread only, apart from the completion queue that transport
 * threads fill.
 */
public final class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    private final PipelineConfig config;
    private final Transport transport;
    private final Tables tables;
    private final MemoryBudget budget;
    private final PipelineListener listener;
    private final TruncateLog truncateLog;
    private final LeaseGuard lease;
    private final LinkedBlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final FlushPolicy policy;
    private final LongSupplier nanoClock;
    private int inFlight;
    private boolean fullBehindInFlight;
    private volatile CdcException pipelineFailure;

    public Delivery(PipelineConfig config, Transport transport, Tables tables, MemoryBudget budget, TruncateLog truncateLog, LeaseGuard lease) {
        this(config, transport, tables, budget, truncateLog, lease, System::nanoTime);
    }

    /** @param nanoClock the time source of batch ages and load intervals ({@link System#nanoTime()} but in tests) */
    Delivery(PipelineConfig config, Transport transport, Tables tables, MemoryBudget budget, TruncateLog truncateLog, LeaseGuard lease,
             LongSupplier nanoClock) {
        this.lease = lease;
        this.config = config;
        this.truncateLog = truncateLog;
        this.transport = transport;
        this.tables = tables;
        this.budget = budget;
        this.listener = config.listener();
        this.policy = FlushPolicy.of(config, budget.limit());
        this.nanoClock = nanoClock;
    }

    TableBatcher newBatcher(TableMapping mapping) {
        return new TableBatcher(mapping, transport, config.labelPrefix(), budget, nanoClock);
    }

    CdcException pipelineFailure() {
        return pipelineFailure;
    }

    /**
     * True when the worker must not read more until a batch completes: memory is over budget, or a
     * table's pending changes reached a batch's size while its previous batch is still in flight (so
     * no batch grows past {@code batch.max-rows} / {@code batch.max-bytes}).
     */
    boolean mustWait() {
        return inFlight > 0 && (budget.exceeded() || fullBehindInFlight);
    }

    /**
     * Seals and sends every batch that is due ({@link FlushPolicy}); every non-empty one when over budget.
     *
     * @param idle whether the stream is idle: everything received is handled and no transaction is half read
     */
    void flushDue(boolean idle) {
        flush(false, idle);
    }

    /** Seals and sends every non-empty batch whose table has nothing in flight (graceful stop). */
    void flushAll() {
        flush(true, false);
    }

    private void flush(boolean all, boolean idle) {
        long now = nanoClock.getAsLong();
        boolean over = budget.exceeded();
        boolean blocked = false;
        for (TableRuntime t : tables.all()) {
            TableBatcher b = t.batcher;
            if (b == null || b.isEmpty() || t.failed()) {
                continue;
            }
            if (b.hasInFlight()) {
                blocked |= b.full(policy);
            } else if (all || over || b.due(policy, idle, now)) {
                send(t);
            }
        }
        fullBehindInFlight = blocked;
    }

    private void send(TableRuntime t) {
        TableBatcher.InFlight f = t.batcher.seal();
        inFlight++;
        transport.deliver(f.batch()).whenComplete((receipt, error) -> completions.add(new Completion(t, f, receipt, error)));
    }

    void drainCompletions(AckTracker ack) {
        Completion c;
        while ((c = completions.poll()) != null) {
            complete(c, ack);
        }
    }

    void awaitCompletion(AckTracker ack, long timeout, TimeUnit unit) {
        try {
            Completion c = completions.poll(timeout, unit);
            if (c != null) {
                complete(c, ack);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdcException("interrupted while waiting for Doris", e);
        }
    }

    private void complete(Completion c, AckTracker ack) {
        inFlight--;
        TableRuntime t = c.table();
        TableBatcher.InFlight f = c.batch();
        if (t.batcher != null && t.batcher.inFlight() == f) {
            t.batcher.complete();
        } else {
            budget.remove(f.memoryBytes());
        }
        if (c.error() == null) {
            ack.release(f.holdsAt());
            t.rowsDelivered += c.receipt().rowsLoaded() > 0 ? c.receipt().rowsLoaded() : f.batch().rowCount();
            t.bytesDelivered += f.batch().byteCount();
            t.deliveredCommitMicros = Math.max(t.deliveredCommitMicros, f.maxCommitTimeMicros());
            if (t.batcher == null || (t.batcher.isEmpty() && !t.batcher.hasInFlight())) {
                t.oldestPendingCommitMicros = 0;
            }
            if (c.receipt().outcome() == io.doriscdc.api.transport.DeliveryOutcome.ALREADY_COMMITTED) {
                LOG.info("batch {} of {} was already committed by an earlier attempt (label exists)", f.batch().label(), f.batch().target());
            }
            return; // the transport reports the delivery to the listener (batchDelivered)

        }
        Throwable cause = c.error() instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : c.error();
        TransportException te = cause instanceof TransportException x ? x
                : new TransportException(String.valueOf(cause.getMessage()), false, f.batch().label(), cause);
        String message = "batch " + f.batch().label() + " of " + t.route.source() + " into " + f.batch().target()
                + " (stream positions " + f.batch().first() + " to " + f.batch().last() + ") failed: " + te.getMessage();
        LOG.error(message, te);
        t.lastError = te.getMessage();
        t.state = TableState.FAILED;
        safeListener(() -> listener.tableState(t.route.source(), TableState.FAILED.name(), te.getMessage()));
        // the hold stays: the slot never passes the failed batch (invariant 1)
        if (config.failurePolicy() == FailurePolicy.STOP_PIPELINE) {
            pipelineFailure = new CdcException(message + "; the slot stays before this batch, fix the cause and restart", te);
        }
    }

    /** Delivers everything pending for a table and waits until Doris committed it (before DDL-like events). */
    void drain(TableRuntime t, AckTracker ack) {
        while (t.batcher != null && (t.batcher.hasInFlight() || !t.batcher.isEmpty()) && !t.failed()) {
            if (!t.batcher.hasInFlight()) {
                send(t);
            }
            awaitCompletion(ack, 50, TimeUnit.MILLISECONDS);
            if (pipelineFailure != null) {
                throw pipelineFailure;
            }
        }
    }

    /**
     * TRUNCATE of a mapped table at {@code position} (the table's own position: one TRUNCATE message
     * naming several tables gives each its own), in stream order, as the truncate policy says. A
     * propagated TRUNCATE is replay-safe (invariant 3): what was pending before it is delivered
     * first, it runs in Doris, and it is recorded in the {@link TruncateLog} before the table's next
     * load; a replay skips a recorded one instead of removing rows loaded after it.
     */
    void truncate(TableRuntime t, AckTracker ack, StreamPosition position) {
        if (t.supersededAt(position)) {
            LOG.info("TRUNCATE of {} at {} was already applied in Doris (doris_cdc.applied_truncates, applied_schema_changes);"
                    + " not applied again",
                    t.route.source(), position);
            return;
        }
        switch (config.truncatePolicy()) {
            case IGNORE -> LOG.info("TRUNCATE of {} at {} ignored (truncate policy IGNORE)", t.route.source(), position);
            case FAIL -> failTable(t, ack, position.commitLsn(), "TRUNCATE of " + t.route.source() + " at stream position " + position
                    + " and the truncate policy is FAIL; truncate " + t.route.target() + " yourself, then set the policy to IGNORE"
                    + " and restart (the slot stays before this TRUNCATE)");
            case PROPAGATE -> propagate(t, ack, position);
        }
        if (config.truncatePolicy() == TruncatePolicy.FAIL && config.failurePolicy() == FailurePolicy.STOP_PIPELINE && t.failed()) {
            pipelineFailure = new CdcException("TRUNCATE of " + t.route.source() + " at stream position " + position
                    + " with truncate policy FAIL; see the table's error for what to do");
        }
    }

    private void propagate(TableRuntime t, AckTracker ack, StreamPosition position) {
        drain(t, ack);
        if (t.failed()) {
            return; // its failed batch holds the slot before this TRUNCATE
        }
        var sql = transport.sql().orElseThrow(() -> new CdcException("TRUNCATE of " + t.route.source() + " at stream position "
                + position + " cannot be propagated: transport " + transport.scheme()
                + " has no SQL endpoint; set the truncate policy to IGNORE or FAIL"));
        t.copies.truncateAt(position); // no copied row older than this TRUNCATE is loaded after it
        lease.confirm("the TRUNCATE of " + t.route.source() + " at stream position " + position); // a deposed instance must not truncate rows loaded after it
        sql.execute(t.route.target().database(), "TRUNCATE TABLE " + t.route.target().toSql());
        truncateLog.record(t.route.source(), position);
        t.truncatedAt = position;
        LOG.info("TRUNCATE of {} at {} propagated to {}", t.route.source(), position, t.route.target());
    }

    /**
     * Stops a table for good (until a restart): what is pending is dropped, and a hold at
     * {@code holdAt} (the commit of the change it could not take) keeps the slot before that change,
     * and so before every later change of the table, which are dropped too (invariant 1).
     */
    void failTable(TableRuntime t, AckTracker ack, Lsn holdAt, String error) {
        LOG.error(error);
        t.lastError = error;
        t.state = TableState.FAILED;
        if (t.batcher != null) {
            t.batcher.discardPending(); // its hold stays, at or before holdAt
        }
        ack.hold(holdAt);
        safeListener(() -> listener.tableState(t.route.source(), TableState.FAILED.name(), error));
    }

    /** The high-availability lease, asked before changes a later load cannot undo. */
    LeaseGuard lease() {
        return lease;
    }

    /** The transport the batches go to. */
    Transport transport() {
        return transport;
    }

    /** The columns Doris has for the table ({@code DESC}), or an empty set when the transport cannot say. */
    java.util.Set<String> dorisColumns(TableRuntime t) {
        var sql = transport.sql();
        if (sql.isEmpty()) {
            return java.util.Set.of();
        }
        java.util.Set<String> out = new java.util.HashSet<>();
        try {
            for (var row : sql.get().execute(t.route.target().database(), "DESC " + t.route.target().toSql())) {
                out.add(String.valueOf(row.get("Field")));
            }
        } catch (TransportException e) {
            LOG.warn("cannot read the columns of Doris table {}: {}", t.route.target(), e.getMessage());
        }
        return out;
    }

    /** Waits until nothing is in flight (graceful stop). */
    void awaitIdle(AckTracker ack) {
        while (inFlight > 0) {
            awaitCompletion(ack, 50, TimeUnit.MILLISECONDS);
        }
    }

    private static void safeListener(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("pipeline listener threw {}; ignored", e.toString());
        }
    }
}
