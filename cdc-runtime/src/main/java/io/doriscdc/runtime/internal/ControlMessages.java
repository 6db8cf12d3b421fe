package io.doriscdc.runtime.internal;

import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.value.Row;
import io.doriscdc.pgoutput.LogicalMessage;

/**
 * The SQL control plane as the worker sees it, in WAL order: rows inserted into
 * {@code doris_cdc.commands} (only the admin role can write them, through the functions), and
 * logical decoding messages, which are never commands (anyone may emit them). Worker thread only.
 */
public interface ControlMessages {

    /** Follows no control plane: commands and messages are ignored. */
    ControlMessages NONE = new ControlMessages() {
        @Override
        public void command(Row row, StreamPosition position, Worker worker) {
        }

        @Override
        public void accept(LogicalMessage message, Worker worker) {
        }
    };

    /**
     * A row inserted into {@code doris_cdc.commands} at {@code position}. A bad command is refused and
     * reported, never thrown; throws only when PostgreSQL cannot be reached or cannot record that the
     * command was applied (the pipeline then stops before acknowledging it, and applies it again).
     */
    void command(Row row, StreamPosition position, Worker worker);

    /** A logical decoding message seen in the stream. */
    void accept(LogicalMessage message, Worker worker);
}
