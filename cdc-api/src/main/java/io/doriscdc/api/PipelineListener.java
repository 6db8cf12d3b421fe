package io.doriscdc.api;

import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.api.transport.TransportException;
import java.time.Duration;

/**
 * Hooks for metrics and logging, every one a no-op by default so that an implementation overrides
 * what it needs and the API stays free of any metrics dependency.
 *
 * <p>Methods are called from pipeline and transport threads, possibly concurrently: they must be
 * thread-safe, fast and must not throw (an exception is logged and ignored).
 *
 * <p>Who calls what: the delivery events ({@link #batchDelivered}, {@link #deliveryRetry},
 * {@link #deliveryFailed}) come from the transport, which alone sees attempts and their latency,
 * for every batch it loads (streamed changes and table copies alike); a transport implementation
 * must emit them exactly once per batch. The pipeline emits the others.
 */
public interface PipelineListener {

    /** A listener that ignores everything. */
    PipelineListener NONE = new PipelineListener() {
    };

    /** A batch is committed in Doris. */
    default void batchDelivered(Batch batch, DeliveryReceipt receipt) {
    }

    /** An attempt to deliver a batch failed and will be retried after {@code backoff}. */
    default void deliveryRetry(Batch batch, int attempt, TransportException cause, Duration backoff) {
    }

    /** A batch could not be delivered; the pipeline will stop the table or itself. */
    default void deliveryFailed(Batch batch, TransportException cause) {
    }

    /** The slot's flushed LSN was advanced to {@code flushed}. */
    default void acknowledged(Lsn flushed) {
    }

    /**
     * Current lag, about every 100 ms: WAL bytes between the newest position the server reported
     * and the position acknowledged, and how long the oldest change not yet committed in Doris has
     * waited since its commit ({@code Duration.ZERO} when nothing is pending).
     */
    default void lag(long bytes, Duration time) {
    }

    /** Occupancy of the ring buffer between the reader and the batch builders. */
    default void ringOccupancy(int used, int capacity) {
    }

    /** A table changed state (e.g. STREAMING, SNAPSHOTTING, PAUSED, FAILED); {@code error} is null unless it failed. */
    default void tableState(TableId table, String state, String error) {
    }

    /**
     * A change of a table that the publication publishes but no route maps was not loaded (ARCHITECTURE.md
     * invariant 8: it is counted, never dropped in silence). Called on the worker thread, once per change.
     */
    default void unmappedChange(TableId table) {
    }

    /**
     * A control command was refused (ARCHITECTURE.md invariant 9): a {@code doris_cdc} logical
     * decoding message (not a command path: anyone may emit one), or a command that breaks the
     * rules or failed. {@code what} names it, {@code reason} says why. Worker thread.
     */
    default void controlCommandRefused(String what, String reason) {
    }

    /** Snapshot progress of a table. */
    default void snapshotProgress(TableId table, long rowsDone, long rowsEstimated) {
    }
}
