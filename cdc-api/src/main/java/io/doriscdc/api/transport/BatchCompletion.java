package io.doriscdc.api.transport;

import io.doriscdc.api.PipelineListener;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The bookkeeping of one batch's delivery that every transport needs: the outcome summed over the
 * batch's loads, the attempts, the listener's events, the receipt, and the future completed exactly
 * once: the first of {@link #complete()} and {@link #fail(TransportException)} wins, from any thread, and
 * later retries are not reported. A future the caller cancelled stays cancelled, and the listener hears
 * nothing more of it. A listener that throws is reported to the JDK logger and ignored. A helper for
 * transport writers; both built-in transports use it. Thread-safe.
 */
public final class BatchCompletion {

    private static final System.Logger LOG = System.getLogger(BatchCompletion.class.getName());

    private final Batch batch;
    private final PipelineListener listener;
    private final LongSupplier nanos;
    private final Runnable onEnd;
    private final long startNanos;
    private final CompletableFuture<DeliveryReceipt> future = new CompletableFuture<>();
    private final AtomicBoolean ended = new AtomicBoolean();

    private long txnId = -1;
    private long rowsLoaded;
    private long rowsFiltered;
    private int loads;
    private boolean allAlready = true;
    private boolean publishPending;
    private int retries;
    private int extraAttempts;

    /**
     * @param batch the batch being delivered
     * @param listener gets {@code deliveryRetry}, then {@code batchDelivered} or {@code deliveryFailed}
     * @param nanos the clock ({@code System::nanoTime})
     * @param onEnd runs once, before the listener and the future, when the delivery ends either way
     */
    public BatchCompletion(Batch batch, PipelineListener listener, LongSupplier nanos, Runnable onEnd) {
        this.batch = Objects.requireNonNull(batch, "batch");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
        this.startNanos = nanos.getAsLong();
    }

    public Batch batch() {
        return batch;
    }

    /** Completed with the receipt, or exceptionally with a {@link TransportException}. */
    public CompletableFuture<DeliveryReceipt> future() {
        return future;
    }

    public boolean isDone() {
        return ended.get();
    }

    /** Time since this delivery started. */
    public Duration elapsed() {
        return Duration.ofNanos(nanos.getAsLong() - startNanos);
    }

    /**
     * One load of the batch is committed.
     *
     * @param already an earlier attempt had committed it (Label Already Exists, or the commit was already done)
     * @param pending committed, but its publish timed out (visible shortly)
     * @param txn the Doris transaction id, negative when not known
     */
    public synchronized void loadCommitted(boolean already, boolean pending, long txn, long loaded, long filtered) {
        loads++;
        allAlready &= already;
        publishPending |= pending;
        if (txn >= 0) {
            txnId = txn;
        }
        rowsLoaded += loaded;
        rowsFiltered += filtered;
    }

    /** Attempts made elsewhere for this batch (e.g. a gateway's own retries) beyond the one counted here. */
    public synchronized void extraAttempts(int n) {
        extraAttempts += Math.max(0, n);
    }

    /** A failed attempt will be retried after {@code delay}: counts it and tells the listener. */
    public void retrying(int failures, TransportException cause, Duration delay) {
        if (ended.get()) {
            return;
        }
        synchronized (this) {
            retries++;
        }
        safely(() -> listener.deliveryRetry(batch, failures, cause, delay));
    }

    /** Ends the delivery with a receipt built from the loads committed so far; false if it had already ended. */
    public boolean complete() {
        DeliveryReceipt receipt;
        synchronized (this) {
            DeliveryOutcome outcome = loads == 0 ? DeliveryOutcome.COMMITTED
                    : allAlready ? DeliveryOutcome.ALREADY_COMMITTED
                    : publishPending ? DeliveryOutcome.COMMITTED_PUBLISH_PENDING : DeliveryOutcome.COMMITTED;
            receipt = new DeliveryReceipt(batch.label(), txnId, outcome, rowsLoaded, rowsFiltered, batch.byteCount(),
                    1 + retries + extraAttempts, elapsed());
        }
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        onEnd.run();
        if (future.isCancelled()) {
            return false;
        }
        safely(() -> listener.batchDelivered(batch, receipt));
        return future.complete(receipt);
    }

    /** Ends the delivery with a failure; false if it had already ended. */
    public boolean fail(TransportException cause) {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        onEnd.run();
        if (future.isCancelled()) {
            return false;
        }
        safely(() -> listener.deliveryFailed(batch, cause));
        return future.completeExceptionally(cause);
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "pipeline listener threw; ignored", e);
        }
    }
}
