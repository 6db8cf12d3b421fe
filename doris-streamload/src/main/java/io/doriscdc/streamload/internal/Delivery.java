package io.doriscdc.streamload.internal;

import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.DeliveryOutcome;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.TransportException;
import io.doriscdc.streamload.StreamLoadSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * precommitted load) and RESOLVE (ask {@code get_load_state} when a label is RUNNING or a commit's
 * answer was lost: never guess). Retries reuse the label. Confined to one step at a time; the future
 * is completed exactly once.
 */
final class Delivery implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final Duration MAX_POLL = Duration.ofSeconds(1);

    private enum Phase { LOAD, COMMIT, RESOLVE }

    private final Batch batch;
    private final List<LoadPart> parts;
    private final DorisApi api;
    private final StreamLoadSettings settings;
    private final PipelineListener listener;
    private final ScheduledExecutorService executor;
    private final Backoff backoff;
    private final LongSupplier nanos;
    private final Runnable onDone;
    final CompletableFuture<DeliveryReceipt> future = new CompletableFuture<>();

    private final long startNanos;
    private int partIndex;
    private Phase phase = Phase.LOAD;
    private long txnId = -1;
    private boolean resolvingCommit;
    private long pollDeadline;
    private int polls;
    private int failures;
    private int retries;
    private long rowsLoaded;
    private long rowsFiltered;
    private long partRowsLoaded;
    private long partRowsFiltered;
    private boolean allAlready = true;
    private boolean publishPending;
    private volatile boolean closing;
    private volatile ScheduledFuture<?> scheduled;

    Delivery(Batch batch, DorisApi api, StreamLoadSettings settings, PipelineListener listener, ScheduledExecutorService executor,
             Backoff backoff, LongSupplier nanos, Runnable onDone) {
        this.batch = batch;
        this.parts = ((StreamLoadPayload) batch.payload()).parts();
        this.api = api;
        this.settings = settings;
        this.listener = listener;
        this.executor = executor;
        this.backoff = backoff;
        this.nanos = nanos;
        this.onDone = onDone;
        this.startNanos = nanos.getAsLong();
    }

    /** Starts the first step on the executor. */
    void start() {
        if (parts.isEmpty()) {
            complete();
            return;
        }
        schedule(Duration.ZERO);
    }

    /** The transport is closing: a step waiting for its turn fails instead of running. */
    void close() {
        closing = true;
        ScheduledFuture<?> s = scheduled;
        if (s != null && s.cancel(false)) {
            fail(new TransportException("transport closed before batch " + batch.label() + " was delivered; deliver it again", true, batch.label()));
        }
    }

    @Override
    public void run() {
        if (closing) {
            fail(new TransportException("transport closed before batch " + batch.label() + " was delivered; deliver it again", true, batch.label()));
            return;
        }
        LoadPart part = parts.get(partIndex);
        String label = PartLabels.of(batch.label(), part.labelSuffix());
        try {
            switch (phase) {
                case LOAD -> onLoad(api.load(batch.target(), label, part));
                case COMMIT -> onCommit(api.commit(batch.target(), label, txnId));
                case RESOLVE -> onState(api.loadState(batch.target(), label), label);
            }
        } catch (HopException e) {
            if (phase == Phase.COMMIT) {
                // the commit may or may not have happened: ask, never guess
                LOG.info("two-phase commit of {} got no answer ({}); asking get_load_state", label, e.getMessage());
                startResolving(true);
            }
            retryLater(new TransportException(phase.name().toLowerCase() + " of " + label + " failed: " + e.getMessage(), true, label, e));
        } catch (TransportException e) {
            retryLater(e);
        } catch (RuntimeException e) {
            fail(new TransportException("unexpected error delivering " + label + ": " + e, false, label, e));
        }
    }

    private void onLoad(LoadResult r) {
        if (r instanceof LoadResult.Committed c) {
            txnId = c.txnId();
            publishPending |= c.publishPending();
            partDone(false, c.rowsLoaded(), c.rowsFiltered());
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
                    partDone(true, 0, 0);
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
            case COMMITTED -> partDone(false, partRowsLoaded, partRowsFiltered);
            case ALREADY_COMMITTED -> partDone(true, partRowsLoaded, partRowsFiltered);
            case GONE -> {
                phase = Phase.LOAD;
                retryLater(new TransportException("precommitted transaction " + txnId + " of " + batch.label()
                        + " was aborted or expired; loading it again", true, batch.label()));
            }
        }
    }

    private void onState(String state, String label) {
        switch (state) {
            case "VISIBLE", "COMMITTED" -> partDone(!resolvingCommit, partRowsLoaded, partRowsFiltered);
            case "PRECOMMITTED" -> {
                phase = Phase.COMMIT;
                txnId = -1; // commit by label: the id may belong to an older attempt
                schedule(Duration.ZERO);
            }
            case "ABORTED" -> {
                phase = Phase.LOAD;
                retryLater(new TransportException("load " + label + " was aborted; loading it again", true, label));
            }
            default -> { // PREPARE (still running) or UNKNOWN
                if (nanos.getAsLong() - pollDeadline < 0 && settingsHasFe()) {
                    schedule(pollDelay());
                } else {
                    phase = Phase.LOAD;
                    retryLater(new TransportException("load " + label + " is still " + state + " after label-poll-timeout "
                            + settings.labelPollTimeout() + "; sending it again with the same label", true, label));
                }
            }
        }
    }

    private boolean settingsHasFe() {
        return !settings.fe().isEmpty();
    }

    private void startResolving(boolean afterCommit) {
        phase = Phase.RESOLVE;
        resolvingCommit = afterCommit;
        polls = 0;
        pollDeadline = nanos.getAsLong() + settings.labelPollTimeout().toNanos();
    }

    private Duration pollDelay() {
        Duration d = backoff.delay(++polls);
        return d.compareTo(MAX_POLL) > 0 ? MAX_POLL : d;
    }

    private void partDone(boolean already, long loaded, long filtered) {
        allAlready &= already;
        rowsLoaded += loaded;
        rowsFiltered += filtered;
        partRowsLoaded = 0;
        partRowsFiltered = 0;
        partIndex++;
        phase = Phase.LOAD;
        failures = 0;
        resolvingCommit = false;
        if (partIndex == parts.size()) {
            complete();
        } else {
            schedule(Duration.ZERO);
        }
    }

    private void retryLater(TransportException e) {
        failures++;
        if (!e.retryable()) {
            fail(e);
            return;
        }
        Duration elapsed = Duration.ofNanos(nanos.getAsLong() - startNanos);
        Duration delay = backoff.delay(failures);
        if (failures >= settings.maxAttempts() || elapsed.plus(delay).compareTo(settings.maxRetryTime()) > 0) {
            fail(new TransportException("gave up on batch " + batch.label() + " after " + failures + " failed attempt(s) in "
                    + elapsed.toMillis() + " ms (max-attempts " + settings.maxAttempts() + ", max-retry-time " + settings.maxRetryTime()
                    + "): " + e.getMessage(), true, batch.label(), e));
            return;
        }
        retries++;
        if (phase == Phase.RESOLVE) {
            polls = 0;
        }
        LOG.info("batch {} attempt {} failed, retrying in {} ms: {}", batch.label(), failures, delay.toMillis(), e.getMessage());
        safely(() -> listener.deliveryRetry(batch, failures, e, delay));
        schedule(delay);
    }

    private void schedule(Duration delay) {
        try {
            scheduled = executor.schedule(this, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            fail(new TransportException("transport closed before batch " + batch.label() + " was delivered; deliver it again",
                    true, batch.label(), e));
        }
    }

    private void complete() {
        DeliveryOutcome outcome = parts.isEmpty() ? DeliveryOutcome.COMMITTED
                : allAlready ? DeliveryOutcome.ALREADY_COMMITTED
                : publishPending ? DeliveryOutcome.COMMITTED_PUBLISH_PENDING : DeliveryOutcome.COMMITTED;
        DeliveryReceipt receipt = new DeliveryReceipt(batch.label(), txnId, outcome, rowsLoaded, rowsFiltered, batch.byteCount(),
                1 + retries, Duration.ofNanos(nanos.getAsLong() - startNanos));
        onDone.run();
        safely(() -> listener.batchDelivered(batch, receipt));
        future.complete(receipt);
    }

    private void fail(TransportException e) {
        if (future.isDone()) {
            return;
        }
        onDone.run();
        safely(() -> listener.deliveryFailed(batch, e));
        future.completeExceptionally(e);
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("pipeline listener threw; ignored", e);
        }
    }
}
