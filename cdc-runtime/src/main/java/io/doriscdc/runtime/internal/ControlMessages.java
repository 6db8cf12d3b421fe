package io.doriscdc.runtime.internal;

import io.doriscdc.pgoutput.LogicalMessage;

/**
 * Logical decoding messages ({@code pg_logical_emit_message}) seen in the stream, in WAL order.
 * The SQL control plane uses the {@code doris_cdc} prefix; other prefixes are ignored.
 */
public interface ControlMessages {

    /** Ignores every message. */
    ControlMessages NONE = (message, commitLsn, worker) -> { };

    /** Called on the worker thread for each message, transactional ones at their transaction's position. */
    void accept(LogicalMessage message, long commitLsn, Worker worker);
}
