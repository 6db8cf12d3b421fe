package io.doriscdc.runtime.internal.snapshot;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The durable plan of each copy in {@code doris_cdc.snapshot_ranges}: which CTID ranges of which
 * table are still to copy, so that a crashed copy resumes with the ranges not yet committed in
 * Doris. Each method runs in its own transaction; not thread-safe (one connection).
 */
public final class SnapshotStore {

    private final Connection c;
    private final String pipeline;

    public SnapshotStore(Connection autocommitConnection, String pipeline) {
        this.c = autocommitConnection;
        this.pipeline = pipeline;
    }

    /** Replaces the table's plan with fresh ranges of {@code pagesPerRange} blocks over {@code blocks} blocks (the last one open-ended). */
    public synchronized List<CopyRange> plan(TableId table, long blocks, long pagesPerRange) throws SQLException {
        List<CopyRange> ranges = new ArrayList<>();
        long start = 0;
        do {
            long end = start + pagesPerRange >= blocks ? -1 : start + pagesPerRange;
            ranges.add(new CopyRange(table, start, end));
            start = end;
        } while (start >= 0);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement del = c.prepareStatement(
                "DELETE FROM doris_cdc.snapshot_ranges WHERE pipeline = ? AND table_schema = ? AND table_name = ?");
             PreparedStatement ins = c.prepareStatement(
                "INSERT INTO doris_cdc.snapshot_ranges (pipeline, table_schema, table_name, start_block, end_block) VALUES (?, ?, ?, ?, ?)")) {
            del.setString(1, pipeline);
            del.setString(2, table.schema());
            del.setString(3, table.name());
            del.executeUpdate();
            for (CopyRange r : ranges) {
                ins.setString(1, pipeline);
                ins.setString(2, table.schema());
                ins.setString(3, table.name());
                ins.setLong(4, r.startBlock());
                if (r.endBlock() < 0) {
                    ins.setNull(5, java.sql.Types.BIGINT);
                } else {
                    ins.setLong(5, r.endBlock());
                }
                ins.addBatch();
            }
            ins.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        return ranges;
    }

    /** The ranges of a table not yet copied. */
    public synchronized List<CopyRange> pending(TableId table) throws SQLException {
        List<CopyRange> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT start_block, end_block FROM doris_cdc.snapshot_ranges "
                + "WHERE pipeline = ? AND table_schema = ? AND table_name = ? AND done_at IS NULL ORDER BY start_block")) {
            ps.setString(1, pipeline);
            ps.setString(2, table.schema());
            ps.setString(3, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getLong(1);
                    long end = rs.getLong(2);
                    boolean openEnded = rs.wasNull(); // wasNull() speaks of the last column read: end_block
                    out.add(new CopyRange(table, start, openEnded ? -1 : end));
                }
            }
        }
        return out;
    }

    /** Tables with ranges still to copy. */
    public synchronized Set<TableId> tablesWithPendingRanges() throws SQLException {
        Set<TableId> out = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT table_schema, table_name FROM doris_cdc.snapshot_ranges "
                + "WHERE pipeline = ? AND done_at IS NULL")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(TableId.of(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    /** A range is committed in Doris. */
    public synchronized void done(CopyRange r, Lsn snapshot, long rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE doris_cdc.snapshot_ranges SET done_at = now(), snapshot_lsn = ?::pg_lsn, "
                + "rows_copied = ? WHERE pipeline = ? AND table_schema = ? AND table_name = ? AND start_block = ?")) {
            ps.setString(1, snapshot.toString());
            ps.setLong(2, rows);
            ps.setString(3, pipeline);
            ps.setString(4, r.table().schema());
            ps.setString(5, r.table().name());
            ps.setLong(6, r.startBlock());
            ps.executeUpdate();
        }
    }

    /** Drops the plan of a table (it is no longer mapped). */
    public synchronized void forget(TableId table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM doris_cdc.snapshot_ranges WHERE pipeline = ? AND table_schema = ? AND table_name = ?")) {
            ps.setString(1, pipeline);
            ps.setString(2, table.schema());
            ps.setString(3, table.name());
            ps.executeUpdate();
        }
    }
}
