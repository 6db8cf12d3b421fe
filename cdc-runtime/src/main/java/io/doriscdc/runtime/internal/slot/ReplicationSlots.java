package io.doriscdc.runtime.internal.slot;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.Lsn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the replication commands of {@link SlotCommand} on a replication connection. Stateless. */
public final class ReplicationSlots {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationSlots.class);

    private ReplicationSlots() {
    }

    /** Opens a connection; the caller closes it. */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws SQLException;
    }

    /**
     * Creates a slot without a snapshot ({@code SNAPSHOT 'nothing'}) and returns its consistent point.
     *
     * @param replication a replication connection ({@code replication=database}), closed on return
     * @throws CdcException naming the slot and what to check when the server refuses
     */
    public static Lsn create(Connection replication, SlotCommand command) {
        if (command.exportSnapshot()) {
            throw new IllegalArgumentException("slot " + command.slot() + ": a slot with an exported snapshot is created by ExportedSnapshot,"
                    + " which keeps its connection open while the snapshot is used");
        }
        try (Connection c = replication; Statement st = c.createStatement(); ResultSet rs = st.executeQuery(command.sql())) {
            rs.next();
            Lsn lsn = Lsn.parse(rs.getString("consistent_point"));
            LOG.info("created {}replication slot {} at {}{}", command.temporary() ? "temporary " : "", command.slot(), lsn,
                    command.failover() ? " as a failover slot" : "");
            return lsn;
        } catch (SQLException e) {
            throw refused(command, e);
        }
    }

    /** The error for a {@code CREATE_REPLICATION_SLOT} the server refused. */
    public static CdcException refused(SlotCommand command, SQLException e) {
        return new CdcException("cannot create replication slot " + command.slot() + " (" + command.sql() + "): " + e.getMessage()
                + " (is max_replication_slots reached? see pg_replication_slots)", e);
    }

    /**
     * Makes an existing slot a failover slot ({@code ALTER_REPLICATION_SLOT name (FAILOVER true)},
     * PostgreSQL 17+). The server waits while another session holds the slot: call it only for a slot
     * seen inactive.
     *
     * @param replication a replication connection, closed on return
     */
    public static void enableFailover(Connection replication, String slot) throws SQLException {
        try (Connection c = replication; Statement st = c.createStatement()) {
            st.execute(SlotCommand.enableFailover(slot));
        }
        LOG.info("replication slot {} is now a failover slot ({})", slot, SlotCommand.enableFailover(slot));
    }
}
