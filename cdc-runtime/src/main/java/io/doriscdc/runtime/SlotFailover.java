package io.doriscdc.runtime;

import io.doriscdc.runtime.internal.slot.FailoverSlots;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Whether the pipeline's slot would survive a failover of PostgreSQL to a standby, as the server
 * reports it ({@code pg_replication_slots.failover}, {@code synchronized_standby_slots}), with what
 * to do when it would not. Immutable.
 *
 * @param slot the slot's name
 * @param state what the server reports
 * @param advice what it means and what to do, in one or two sentences; empty when nothing needs doing
 */
public record SlotFailover(String slot, State state, String advice) {

    public SlotFailover {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(advice, "advice");
    }

    /** What the server reports of the slot. */
    public enum State {
        /**
         * A failover slot, and the primary holds its changes back until the standbys named in
         * {@code synchronized_standby_slots} have them: a promoted one of them has the slot, and Doris
         * never received a change that the promoted standby lacks. Also a failover slot on a server
         * that no standby streams from through a physical slot (there is nothing to guard yet; the
         * advice says so).
         */
        FAILOVER,
        /**
         * A failover slot, but {@code synchronized_standby_slots} is empty, or names a standby that is
         * not streaming: Doris may receive changes a standby lacks (lost in a failover, yet kept in
         * Doris), or the changes wait for a standby that is away.
         */
        FAILOVER_UNGUARDED,
        /** A slot without failover on a server that has failover slots (17+): a promoted standby will not have it. */
        NOT_FAILOVER,
        /** Without failover because {@code replication.failover-slot} is {@code false}. */
        DISABLED,
        /** The server (before 17) has no failover slots: a promoted standby will not have the slot. */
        UNSUPPORTED,
        /** The server has no slot of this name (not created yet, or lost in a failover). */
        MISSING
    }

    /**
     * What the server behind {@code c} reports of {@code slot} now, for tools such as
     * {@code doris-cdc status}; the caller owns the connection.
     *
     * @param mode the pipeline's {@code replication.failover-slot}, which the advice depends on
     */
    public static SlotFailover inspect(Connection c, String slot, FailoverSlot mode) throws SQLException {
        return FailoverSlots.inspect(c, slot, mode);
    }

    /** One line: {@code slot shop: a failover slot} or {@code slot shop: not a failover slot; <advice>}. */
    public String summary() {
        String what = switch (state) {
            case FAILOVER, FAILOVER_UNGUARDED -> "a failover slot";
            case NOT_FAILOVER, DISABLED, UNSUPPORTED -> "not a failover slot";
            case MISSING -> "missing";
        };
        return "slot " + slot + ": " + what + (advice.isEmpty() ? "" : "; " + advice);
    }

    /** True when a failover to a standby that syncs slots keeps the slot. */
    public boolean survivesFailover() {
        return state == State.FAILOVER || state == State.FAILOVER_UNGUARDED;
    }

    @Override
    public String toString() {
        return "slot " + slot + ": " + state + (advice.isEmpty() ? "" : " (" + advice + ")");
    }
}
