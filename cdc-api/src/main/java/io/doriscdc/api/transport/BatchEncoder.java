package io.doriscdc.api.transport;

import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.value.Row;

/**
 * Writes changes of one table straight into a transport's wire format, once, into buffers it
 * reuses. Not thread-safe: one thread writes and finishes a batch at a time.
 *
 * <p>Rows are read during the call and not kept: the caller may release a row once the call returns.
 */
public interface BatchEncoder {

    // A version is the change's stream position; it goes to Doris as the sequence column's value
    // (StreamPosition.writeSequenceDigits), so that replays in any order converge.

    /**
     * An insert or the new image of an update, with its version. Columns in state
     * {@link io.doriscdc.api.value.ValueState#UNCHANGED_TOAST} are never written as values: the
     * encoder keeps the stored value in Doris (e.g. as a partial column update).
     */
    void upsert(Row row, StreamPosition version);

    /** A delete of the row's key (the row holds at least the key columns), with its version. */
    void delete(Row row, StreamPosition version);

    /** Rows written since the last {@link #finish()}. */
    int rowCount();

    /** Encoded bytes written since the last {@link #finish()}. */
    long byteCount();

    default boolean isEmpty() {
        return rowCount() == 0;
    }

    /**
     * Ends the current batch and hands over its payload; the encoder starts a new batch. The
     * payload stays readable until it is delivered (deliveries may re-read it on retry).
     */
    EncodedBatch finish();
}
