package io.doriscdc.runtime.internal.snapshot;

import io.doriscdc.api.Lsn;
import io.doriscdc.runtime.internal.slot.ReplicationSlots;
import io.doriscdc.runtime.internal.slot.SlotCommand;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A snapshot exported by {@code CREATE_REPLICATION_SLOT ... (SNAPSHOT 'export')} ({@link SlotCommand}) on a replication
 * connection: valid while that connection stays open and idle. Everything committed before
 * {@link #lsn()} is visible in it; everything committed after arrives through the slot's stream.
 * Closing it closes the connection (and drops a temporary slot).
 */
public final class ExportedSnapshot implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExportedSnapshot.class);

    private final Connection replication;
    private final String name;
    private final Lsn lsn;

    private ExportedSnapshot(Connection replication, String name, Lsn lsn) {
        this.replication = replication;
        this.name = name;
        this.lsn = lsn;
    }

    /**
     * Creates a logical pgoutput slot with an exported snapshot.
     *
     * @param replication a replication connection, owned by the returned snapshot
     * @param command     the slot to create; {@link SlotCommand#exportSnapshot()} must be true
     */
    public static ExportedSnapshot createSlot(Connection replication, SlotCommand command) {
        if (!command.exportSnapshot()) {
            throw new IllegalArgumentException("slot " + command.slot() + " is created without a snapshot: use ReplicationSlots.create");
        }
        try (Statement st = replication.createStatement(); ResultSet rs = st.executeQuery(command.sql())) {
            rs.next();
            Lsn lsn = Lsn.parse(rs.getString("consistent_point"));
            String snapshot = rs.getString("snapshot_name");
            LOG.info("created {}slot {} at {} with exported snapshot {}{}", command.temporary() ? "temporary " : "", command.slot(), lsn, snapshot,
                    command.failover() ? ", a failover slot" : "");
            return new ExportedSnapshot(replication, snapshot, lsn);
        } catch (SQLException e) {
            try {
                replication.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw ReplicationSlots.refused(command, e);
        }
    }

    /** The snapshot's name for {@code SET TRANSACTION SNAPSHOT}. */
    public String name() {
        return name;
    }

    /** The slot's consistent point: the version of every row copied under this snapshot. */
    public Lsn lsn() {
        return lsn;
    }

    @Override
    public void close() {
        try {
            replication.close();
        } catch (SQLException e) {
            LOG.debug("closing the snapshot's replication connection: {}", e.getMessage());
        }
    }
}
