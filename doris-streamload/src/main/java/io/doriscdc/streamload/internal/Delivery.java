package io.doriscdc.streamload.internal;

import io.doriscdc.api.transport.BatchCompletion;
import io.doriscdc.api.transport.RetryPolicy;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.streamload.LoadPart;
import io.doriscdc.streamload.StreamLoadPayload;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery of one batch: its parts in order, each loaded under its (sub-)label and committed before
 * the next starts. Each step is one request run on the transport's scheduled executor; waits (backoff,
 * polls) are scheduled, never slept. Steps: LOAD (Stream Load), COMMIT (two-phase commit of a
 * precommitted load) and RESOLVE (ask {@code get_load_state} when a label is RUNNING, or a load's or
 * commit's answer was lost: never guess). Retries reuse the label. A streamed body is loaded at most once: when a
 * LOAD would have to send it again, the delivery fails retryable, for whoever holds the bytes to send
 * them again under the same label. Confined to one step at a time; ends exactly once.
 */
final class Delivery implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final Duration MAX_POLL = Duration.ofSeconds(1);

    private enum Phase { LOAD, COMMIT, RESOLVE }

    /** How one delivery loads: two-phase or not, Doris's load timeout, and the label-poll limit (zero: never poll). */
    record Mode(boolean twoPhase, Duration loadTimeout, Duration labelPollTimeout) {
    }

    private final BatchCompletion completion;
    private final List<LoadPart> parts;
    private final DorisApi api;
    private final Mode mode;
    private final RetryPolicy retry;
    private final ScheduledExecutorService executor;
    private final LongSupplier nanos;
    private final InFlight inFlight = new InFlight();

    private int partIndex;
    private Phase phase = Phase.LOAD;
    private int loadsStarted;
    private long txnId = -1;
    private boolean resolvingCommit;
    private boolean resolvingIo;
    private long pollDeadline;
    private int polls;
    private int failures;
    private String lastError;
    private long partRowsLoaded;
    private long partRowsFiltered;
    private final Object turn = new Object();
    private volatile String closing;
    private volatile ScheduledFuture<?> scheduled;
    private volatile boolean stepRunning;

    Delivery(BatchCompletion completion, DorisApi api, Mode mode, RetryPolicy retry, ScheduledExecutorService executor, LongSupplier nanos) {
        this.completion = completion;
        this.parts = ((StreamLoadPayload) completion.batch().payload()).parts();
        this.api = api;
        this.mode = mode;
        this.retry = retry;
        this.executor = executor;
        this.nanos = nanos;
    }

    private String label() {
        return completion.batch().label();
    }

    /** Starts the first step on the executor. */
    void start() {
        if (parts.isEmpty()) {
            completion.complete();
            return;
        }
        schedule(Duration.ZERO);
    }

    /**
     * Stops the delivery: a step waiting for its turn fails at once; with {@code abortRequest} a request
     * in flight is aborted too (its connection closed), otherwise it is let finish.
     */
    void stop(String why, boolean abortRequest) {
        boolean waiting;
        synchronized (turn) {
            closing = why;
            ScheduledFuture<?> s = scheduled;
            // a step that is running finishes (its request may be aborted below); the next one fails
            waiting = !stepRunning && s != null && s.cancel(false);
        }
        if (waiting) {
            completion.fail(stopped());
        }
        if (abortRequest) {
            inFlight.abort();
        }
    }

    private TransportException stopped() {
        return new TransportException(closing + " before batch " + label() + " was delivered; deliver it again", true, label());
    }

    @Override
    public void run() {
        synchronized (turn) {
            if (closing == null) {
                stepRunning = true;
            }
        }
        if (!stepRunning) {
            completion.fail(stopped());
            return;
        }
        try {
            step();
        } finally {
            synchronized (turn) {
                stepRunning = false;
            }
        }
    }

    private void step() {
        LoadPart part = parts.get(partIndex);
        String label = part.label(label());
        try {
            switch (phase) {
                case LOAD -> load(part, label);
                case COMMIT -> onCommit(api.commit(completion.batch().target(), label, txnId));
                case RESOLVE -> onState(api.loadState(completion.batch().target(), label), label);
            }
        } catch (HopException e) {
            String step = phase.name().toLowerCase();
            if (phase == Phase.COMMIT) {
                // the commit may or may not have happened: ask, never guess
                LOG.info("two-phase commit of {} got no answer ({}); asking get_load_state", label, e.getMessage());
                startResolving(true);
            } else if (phase == Phase.LOAD && !mode.labelPollTimeout().isZero()) {
                // the load may have reached Doris (or Doris answered and closed while the body was still being
                // sent, e.g. Label Already Exists): ask before sending it again
                startResolving(false);
                resolvingIo = true;
            }
            retryLater(new TransportException(step + " of " + label + " failed: " + e.getMessage(), true, label, e));
        } catch (TransportException e) {
            retryLater(e);
        } catch (RuntimeException e) {
            completion.fail(new TransportException("unexpected error delivering " + label + ": " + e, false, label, e));
        }
    }

    private void load(LoadPart part, String label) throws HopException {
        if (loadsStarted > 0 && !part.body().replayable()) {
            completion.fail(new TransportException("load " + label + " must be sent again (" + lastError + "), but its body was streamed "
                    + "and is gone; the sender should send it again under the same label", true, label));
            return;
        }
        loadsStarted++;
        onLoad(api.load(completion.batch().target(), label, part, mode.twoPhase(), mode.loadTimeout(), inFlight));
    }

    private void onLoad(LoadResult r) {
        if (r instanceof LoadResult.Committed c) {
            txnId = c.txnId();
            partDone(false, c.publishPending(), c.rowsLoaded(), c.rowsFiltered());
        } else if (r instanceof LoadResult.Precommitted p) {
            txnId = p.txnId();
            partRowsLoaded = p.rowsLoaded();
            partRowsFiltered = p.rowsFiltered();
            phase = Phase.COMMIT;
            schedule(Duration.ZERO);
        } else if (r instanceof LoadResult.LabelExists e) {
            switch (e.existing()) {
                case "FINISHED" -> {
                    txnId = e.txnId();
                    partDone(true, false, 0, 0);
                }
                case "PRECOMMITTED" -> {
                    // our label, hence this very part: commit it (the batch requires it to be committed)
                    txnId = e.txnId();
                    phase = Phase.COMMIT;
                    schedule(Duration.ZERO);
                }
                default -> {
                    startResolving(false);
                    schedule(pollDelay());
                }
            }
        }
    }

    private void onCommit(DorisApi.CommitOutcome outcome) {
        switch (outcome) {
            case COMMITTED -> partDone(false, false, partRowsLoaded, partRowsFiltered);
            case ALREADY_COMMITTED -> partDone(true, false, partRowsLoaded, partRowsFiltered);
            case GONE -> {
                phase = Phase.LOAD;
                retryLater(new TransportException("precommitted transaction " + txnId + " of " + label()
                        + " was aborted or expired; loading it again", true, label()));
            }
        }
    }

    private void onState(String state, String label) {
        switch (state) {
            case "VISIBLE", "COMMITTED" -> partDone(!resolvingCommit, false, partRowsLoaded, partRowsFiltered);
            case "PRECOMMITTED" -> {
                phase = Phase.COMMIT;
                txnId = -1; // commit by label: the id may belong to an older attempt
                schedule(Duration.ZERO);
            }
            case "ABORTED", "UNKNOWN" -> {
                if (resolvingIo) { // the failed attempt did not load (aborted, or never reached Doris): send it again now
                    phase = Phase.LOAD;
                    resolvingIo = false;
                    schedule(Duration.ZERO);
                } else if (state.equals("ABORTED")) {
                    phase = Phase.LOAD;
                    retryLater(new TransportException("load " + label + " was aborted; loading it again", true, label));
                } else {
                    pollOrGiveUp(state, label);
                }
            }
            default -> pollOrGiveUp(state, label); // PREPARE: still running
        }
    }

    private void pollOrGiveUp(String state, String label) {
        if (nanos.getAsLong() - pollDeadline < 0) {
            schedule(pollDelay());
        } else {
            phase = Phase.LOAD;
            retryLater(new TransportException("load " + label + " is still " + state + " after label-poll-timeout "
                    + mode.labelPollTimeout() + "; sending it again with the same label", true, label));
        }
    }

    private void startResolving(boolean afterCommit) {
        phase = Phase.RESOLVE;
        resolvingCommit = afterCommit;
        resolvingIo = false;
        polls = 0;
        pollDeadline = nanos.getAsLong() + mode.labelPollTimeout().toNanos();
    }

    private Duration pollDelay() {
        Duration d = retry.delay(++polls);
        return d.compareTo(MAX_POLL) > 0 ? MAX_POLL : d;
    }

    private void partDone(boolean already, boolean publishPending, long loaded, long filtered) {
        completion.loadCommitted(already, publishPending, txnId, loaded, filtered);
        partRowsLoaded = 0;
        partRowsFiltered = 0;
        partIndex++;
        phase = Phase.LOAD;
        loadsStarted = 0;
        failures = 0;
        resolvingCommit = false;
        resolvingIo = false;
        if (partIndex == parts.size()) {
            completion.complete();
        } else {
            schedule(Duration.ZERO);
        }
    }

    private void retryLater(TransportException e) {
        failures++;
        lastError = e.getMessage();
        if (!e.retryable()) {
            completion.fail(e);
            return;
        }
        Duration elapsed = completion.elapsed();
        Duration delay = retry.next(failures, elapsed).orElse(null);
        if (delay == null) {
            completion.fail(new TransportException("gave up on batch " + label() + " after " + retry.giveUpReason(failures, elapsed) + ": "
                    + e.getMessage(), true, label(), e));
            return;
        }
        if (phase == Phase.RESOLVE) {
            polls = 0;
        }
        LOG.info("batch {} attempt {} failed, retrying in {} ms: {}", label(), failures, delay.toMillis(), e.getMessage());
        completion.retrying(failures, e, delay);
        schedule(delay);
    }

    private void schedule(Duration delay) {
        try {
            scheduled = executor.schedule(this, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            completion.fail(new TransportException("transport closed before batch " + label() + " was delivered; deliver it again",
                    true, label(), e));
        }
    }
}
