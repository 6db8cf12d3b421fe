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
    private final DorisWaits waits = new DorisWaits();
    /** Set by a graceful stop: a batch that fails for Doris's own reasons is then left for the restart, not parked. */
    private boolean stopping;
    /** Batches handed to the transport or waiting to be sent again ({@link DorisWaits}) and not completed. */
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
        lease.requireHeld("a load of " + t.route.source()); // a deposed instance abandons its batches, never sends them
        TableBatcher.InFlight f;
        try {
            f = t.batcher.seal();
        } catch (TransportException e) {
            // the encoder refused a value (NaN where Doris has none, a year past 9999): an answer about this table's
            // rows, never the pipeline's; the hold of the pending changes stays, so the slot stays before them
            t.batcher.discardUnsealed();
            String error = e.getMessage() + "; the slot stays before this change: fix the value or the policy, then restart";
            markFailed(t, error); // the pending changes' hold, placed at their first commit, stays
            if (config.failurePolicy() == FailurePolicy.STOP_PIPELINE) {
                pipelineFailure = new CdcException(error, e);
            }
            return;
        }
        inFlight++;
        transport.deliver(f.batch()).whenComplete((receipt, error) -> completions.add(new Completion(t, f, receipt, error)));
    }

    void drainCompletions(AckTracker ack) {
        resendDue();
        Completion c;
        while ((c = completions.poll()) != null) {
            complete(c, ack);
        }
    }

    void awaitCompletion(AckTracker ack, long timeout, TimeUnit unit) {
        resendDue();
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

    /** Sends again, with their labels, the batches whose pause for Doris is over (they still count as in flight). */
    private void resendDue() {
        for (DorisWaits.Parked p : waits.due(nanoClock.getAsLong())) {
            TableRuntime t = p.table();
            TableBatcher.InFlight f = p.batch();
            lease.requireHeld("batch " + f.batch().label() + " of " + t.route.source()); // a deposed instance never sends it again
            LOG.info("sending batch {} of {} again (waiting for Doris, attempt round {})", f.batch().label(), t.route.source(), p.times() + 1);
            transport.deliver(f.batch()).whenComplete((receipt, error) -> completions.add(new Completion(t, f, receipt, error)));
        }
    }

    /**
     * Parks a batch that failed for a reason of Doris's own, not of its rows (a retryable
     * failure the transport gave up on): it stays in flight and is sent again later. False when it
     * must fail its table instead (a batch no longer its table's, or an answer about the rows).
     */
    private boolean waitForDoris(TableRuntime t, TableBatcher.InFlight f, TransportException te) {
        if (!te.retryable() || t.batcher == null || t.batcher.inFlight() != f || t.failed()) {
            return false;
        }
        long pauseMs = waits.park(t, f, te.getMessage(), nanoClock.getAsLong());
        String reason = "waiting for Doris: batch " + f.batch().label() + " into " + f.batch().target() + " is sent again in " + pauseMs
                + " ms, with the same label (the slot stays before it): " + te.getMessage();
        boolean first = t.waitingForDoris == null;
        t.waitingForDoris = reason;
        if (first) {
            LOG.warn("{}: {}", t.route.source(), reason);
            safeListener(() -> listener.tableState(t.route.source(), TableState.WAITING_FOR_DORIS.name(), reason));
        } else {
            LOG.info("{}: {}", t.route.source(), reason);
        }
        return true;
    }

    private void complete(Completion c, AckTracker ack) {
        TableRuntime t = c.table();
        TableBatcher.InFlight f = c.batch();
        if (c.error() != null && !stopping && waitForDoris(t, f, transportException(c))) {
            return; // still in flight
        }
        inFlight--;
        if (c.error() != null && stopping && transportException(c).retryable()) {
            LOG.warn("stopping without batch {} of {}: Doris did not take it ({}); it is sent again, with its label, after the restart",
                    f.batch().label(), t.route.source(), transportException(c).getMessage());
            return; // its hold stays: the slot stays before it
        }
        if (t.batcher != null && t.batcher.inFlight() == f) {
            t.batcher.complete();
        } else {
            budget.remove(f.memoryBytes());
        }
        if (c.error() == null) {
            if (t.waitingForDoris != null) {
                t.waitingForDoris = null;
                LOG.info("{}: Doris committed batch {}; streaming again", t.route.source(), f.batch().label());
                safeListener(() -> listener.tableState(t.route.source(), t.state.name(), null));
            }
            waits.delivered(t);
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
        TransportException te = transportException(c);
        String message = "batch " + f.batch().label() + " of " + t.route.source() + " into " + f.batch().target()
                + " (stream positions " + f.batch().first() + " to " + f.batch().last() + ") failed: " + te.getMessage();
        LOG.error(message, te);
        // the batch's own hold stays too: the slot never passes the failed batch (invariant 1)
        failTable(t, ack, f.holdsAt(), te.getMessage());
        if (config.failurePolicy() == FailurePolicy.STOP_PIPELINE) {
            pipelineFailure = new CdcException(message + "; the slot stays before this batch, fix the cause and restart", te);
        }
    }

    /** The completion's error as a transport exception (an unexpected one is final). */
    private static TransportException transportException(Completion c) {
        Throwable cause = c.error() instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : c.error();
        return cause instanceof TransportException x ? x
                : new TransportException(String.valueOf(cause.getMessage()), false, c.batch().batch().label(), cause);
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
        String what = "the TRUNCATE of " + t.route.source() + " at stream position " + position;
        // a deposed instance must not truncate rows loaded after it: each attempt is sent right after a lease renewal
        new LeasedSql(sql, lease, what).execute(t.route.target().database(), "TRUNCATE TABLE " + t.route.target().toSql());
        lease.confirm("recording " + what); // one that lost the lease meanwhile leaves the record to the new holder, which applies it again
        truncateLog.record(t.route.source(), position);
        t.truncatedAt = position;
        LOG.info("TRUNCATE of {} at {} propagated to {}", t.route.source(), position, t.route.target());
    }

    /**
     * Stops a table for good (until a restart): what is pending is dropped, and a hold at
     * {@code holdAt} (the commit of the change it could not take) keeps the slot before that change,
     * and so before every later change of the table, which are dropped too (invariant 1). Every
     * path that stops a table goes through here (other threads through {@link Tables#fail}), so
     * none can stop a table without its hold. Worker thread only.
     */
    void failTable(TableRuntime t, AckTracker ack, Lsn holdAt, String error) {
        if (t.batcher != null) {
            t.batcher.discardPending(); // its hold stays, at or before holdAt
        }
        ack.hold(holdAt);
        markFailed(t, error);
    }

    /** The state change of a stopped table, once its hold is in place (callers: {@link #failTable}, a refused seal). */
    private void markFailed(TableRuntime t, String error) {
        LOG.error(error);
        t.lastError = error;
        t.waitingForDoris = null;
        t.state = TableState.FAILED;
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

    /**
     * Waits until nothing is in flight (graceful stop). Batches waiting for Doris are not waited for:
     * they stay unacknowledged (their holds keep the slot before them) and are sent again after the restart.
     */
    void awaitIdle(AckTracker ack) {
        stopping = true;
        int abandoned = waits.abandon();
        if (abandoned > 0) {
            inFlight -= abandoned;
            LOG.warn("stopping without {} batch(es) waiting for Doris: they are sent again, with their labels, after the restart", abandoned);
        }
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
