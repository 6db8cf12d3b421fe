package io.doriscdc.runtime.internal.snapshot;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The durable plan of each copy in {@code doris_cdc.snapshot_ranges}: which CTID ranges of which
 * relation (the table itself, or its leaf partitions) are still to copy, and the relfilenode each
 * relation had when it was planned, so that a crashed copy resumes with the ranges not yet committed
 * in Doris, unless the table was rewritten since. Each method runs in its own transaction; thread-safe
 * (synchronized on the one connection).
 */
public final class SnapshotStore {

    /** A range as planned, with the relfilenode its relation had then (-1: not recorded) and whether it is copied. */
    record Planned(CopyRange range, long relfilenode, boolean done) {
    }

    private final Connection c;
    private final String pipeline;

    public SnapshotStore(Connection autocommitConnection, String pipeline) {
        this.c = autocommitConnection;
        this.pipeline = pipeline;
    }

    /**
     * Plans a fresh copy of a table as its catalog describes it now (its own heap, or each leaf
     * partition's) and replaces any earlier plan.
     */
    public List<CopyRange> plan(Connection catalog, TableId table, long pagesPerRange) throws SQLException {
        return plan(table, TableStorage.of(catalog, table), pagesPerRange);
    }

    /** Replaces the table's plan with fresh ranges of {@code pagesPerRange} blocks over each relation (the last one open-ended). */
    synchronized List<CopyRange> plan(TableId table, List<TableStorage> storages, long pagesPerRange) throws SQLException {
        return replace(table, storages, pagesPerRange, true, List.of());
    }

    /**
     * Plans the copy of one leaf partition attached to {@code table} (its other relations keep their
     * plan): fresh ranges over the leaf, and, for each other leaf the plan does not name (created
     * after the table's copy, so its rows reached Doris through the stream), a range marked copied,
     * so that the copy that follows copies this leaf only. Nothing is planned when the leaf is no longer
     * a partition of the table (detached again since).
     *
     * @return the leaf's ranges, empty when it is no longer a partition of the table
     */
    public synchronized List<CopyRange> planLeaf(Connection catalog, TableId table, TableId leaf, long pagesPerRange) throws SQLException {
        List<TableStorage> now = TableStorage.of(catalog, table);
        List<TableStorage> attached = now.stream().filter(s -> s.relation().equals(leaf)).toList();
        if (attached.isEmpty()) {
            return List.of();
        }
        java.util.Set<TableId> planned = new java.util.HashSet<>();
        planned(table).forEach(p -> planned.add(p.range().relation()));
        List<TableStorage> streamed = now.stream().filter(s -> !s.relation().equals(leaf) && !planned.contains(s.relation())).toList();
        replace(table, attached, pagesPerRange, false, streamed);
        return pending(table).stream().filter(r -> r.relation().equals(leaf)).toList();
    }

    /** Replans the given relations of a table (their earlier ranges replaced); the others keep theirs. */
    synchronized void replan(TableId table, List<TableStorage> storages, long pagesPerRange) throws SQLException {
        replace(table, storages, pagesPerRange, false, List.of());
    }

    /** Drops the ranges of relations that no longer hold rows of the table (detached or dropped). */
    synchronized void dropRelations(TableId table, List<TableId> relations) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM doris_cdc.snapshot_ranges WHERE pipeline = ? AND table_schema = ? "
                + "AND table_name = ? AND leaf_schema = ? AND leaf_name = ?")) {
            for (TableId r : relations) {
                del.setString(1, pipeline);
                del.setString(2, table.schema());
                del.setString(3, table.name());
                del.setString(4, r.equals(table) ? "" : r.schema());
                del.setString(5, r.equals(table) ? "" : r.name());
                del.addBatch();
            }
            del.executeBatch();
        }
    }

    /**
     * In one transaction: deletes the table's plan ({@code whole}) or the plan of each relation in
     * {@code storages}, inserts fresh ranges over {@code storages}, and one range marked copied for
     * each relation in {@code copied}.
     */
    private List<CopyRange> replace(TableId table, List<TableStorage> storages, long pagesPerRange, boolean whole,
                                    List<TableStorage> copied) throws SQLException {
        List<CopyRange> ranges = new ArrayList<>();
        List<Long> filenodes = new ArrayList<>();
        int ordinal = 0;
        for (TableStorage s : storages) {
            int leaf = s.leaf() ? ++ordinal : 0; // the ordinals that count are planned()'s, by leaf name
            long start = 0;
            do {
                long end = start + pagesPerRange >= s.blocks() ? -1 : start + pagesPerRange;
                ranges.add(new CopyRange(table, s.relation(), leaf, start, end));
                filenodes.add(s.relfilenode());
                start = end;
            } while (start >= 0);
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO doris_cdc.snapshot_ranges (pipeline, table_schema, table_name, "
                + "leaf_schema, leaf_name, start_block, end_block, relfilenode, done_at, rows_copied) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?::bigint::oid, CASE WHEN ? THEN now() END, CASE WHEN ? THEN 0 END)")) {
            // one planner of a table at a time: the worker plans an attached leaf while a resumed copy may replan it
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('doris_cdc plan ' || ? || ' ' || ?))")) {
                lock.setString(1, pipeline);
                lock.setString(2, table.toSql());
                lock.execute();
            }
            if (whole) {
                try (PreparedStatement del = c.prepareStatement(
                        "DELETE FROM doris_cdc.snapshot_ranges WHERE pipeline = ? AND table_schema = ? AND table_name = ?")) {
                    del.setString(1, pipeline);
                    del.setString(2, table.schema());
                    del.setString(3, table.name());
                    del.executeUpdate();
                }
            } else {
                dropRelations(table, storages.stream().map(TableStorage::relation).toList());
            }
            for (int i = 0; i < ranges.size(); i++) {
                CopyRange r = ranges.get(i);
                addRange(ins, table, r.relation(), r.ofLeaf(), r.startBlock(), r.endBlock(), filenodes.get(i), false);
            }
            for (TableStorage s : copied) {
                addRange(ins, table, s.relation(), s.leaf(), 0, -1, s.relfilenode(), true);
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

    private void addRange(PreparedStatement ins, TableId table, TableId relation, boolean leaf, long start, long end, long filenode,
                          boolean copied) throws SQLException {
        ins.setString(1, pipeline);
        ins.setString(2, table.schema());
        ins.setString(3, table.name());
        ins.setString(4, leaf ? relation.schema() : "");
        ins.setString(5, leaf ? relation.name() : "");
        ins.setLong(6, start);
        if (end < 0) {
            ins.setNull(7, Types.BIGINT);
        } else {
            ins.setLong(7, end);
        }
        ins.setLong(8, filenode);
        ins.setBoolean(9, copied);
        ins.setBoolean(10, copied);
        ins.addBatch();
    }

    /** The table's whole plan, copied ranges included, leaves in name order and ranges in block order. */
    synchronized List<Planned> planned(TableId table) throws SQLException {
        List<Planned> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT leaf_schema, leaf_name, start_block, end_block, relfilenode::bigint, "
                + "done_at IS NOT NULL FROM doris_cdc.snapshot_ranges WHERE pipeline = ? AND table_schema = ? AND table_name = ? "
                + "ORDER BY leaf_schema COLLATE \"C\", leaf_name COLLATE \"C\", start_block")) {
            ps.setString(1, pipeline);
            ps.setString(2, table.schema());
            ps.setString(3, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                int ordinal = 0;
                String lastLeaf = "";
                while (rs.next()) {
                    String leafSchema = rs.getString(1);
                    String leafName = rs.getString(2);
                    long start = rs.getLong(3);
                    long end = rs.getLong(4);
                    boolean openEnded = rs.wasNull(); // wasNull() speaks of the last column read: end_block
                    long filenode = rs.getLong(5);
                    if (rs.wasNull()) {
                        filenode = -1; // planned before relfilenodes were recorded
                    }
                    boolean leaf = !leafName.isEmpty();
                    String key = leafSchema + "." + leafName;
                    if (leaf && !key.equals(lastLeaf)) {
                        ordinal++;
                        lastLeaf = key;
                    }
                    TableId relation = leaf ? TableId.of(leafSchema, leafName) : table;
                    out.add(new Planned(new CopyRange(table, relation, leaf ? ordinal : 0, start, openEnded ? -1 : end), filenode,
                            rs.getBoolean(6)));
                }
            }
        }
        return out;
    }

    /** The ranges of a table not yet copied. */
    public List<CopyRange> pending(TableId table) throws SQLException {
        List<CopyRange> out = new ArrayList<>();
        for (Planned p : planned(table)) {
            if (!p.done()) {
                out.add(p.range());
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
                + "rows_copied = ? WHERE pipeline = ? AND table_schema = ? AND table_name = ? AND leaf_schema = ? AND leaf_name = ? "
                + "AND start_block = ?")) {
            ps.setString(1, snapshot.toString());
            ps.setLong(2, rows);
            ps.setString(3, pipeline);
            ps.setString(4, r.table().schema());
            ps.setString(5, r.table().name());
            ps.setString(6, r.ofLeaf() ? r.relation().schema() : "");
            ps.setString(7, r.ofLeaf() ? r.relation().name() : "");
            ps.setLong(8, r.startBlock());
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
