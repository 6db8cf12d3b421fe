package io.doriscdc.runtime.internal.snapshot;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relation whose heap holds rows of a mapped table, as the catalog describes it now: the table
 * itself, or, for a partitioned table (which has no storage of its own), each leaf partition at any
 * depth. The {@code relfilenode} names the heap file: a rewrite ({@code VACUUM FULL}, {@code CLUSTER},
 * {@code TRUNCATE}, {@code pg_repack}, a rewriting {@code ALTER TABLE}) gives the relation a new one
 * and moves its rows to other blocks, so that CTID ranges planned before it no longer hold the same rows.
 *
 * @param relation the relation's name
 * @param leaf true for a leaf partition of the table, false for the table itself
 * @param relfilenode {@code pg_relation_filenode} of the relation
 * @param blocks heap blocks now
 */
record TableStorage(TableId relation, boolean leaf, long relfilenode, long blocks) {

    private static final Logger LOG = LoggerFactory.getLogger(TableStorage.class);

    /**
     * The relations holding the table's rows, leaves in name order. Partitions are found through
     * {@code pg_inherits} with plain SQL, so that on a connection holding a snapshot they are the
     * partitions as of that snapshot (functions such as {@code pg_partition_tree} read the catalog as
     * it is now): a leaf attached or detached after the snapshot is counted as the snapshot saw it.
     * Foreign leaves are skipped (they hold no heap and publications do not carry their changes).
     *
     * @throws ConfigException when the table does not exist
     */
    static List<TableStorage> of(Connection c, TableId table) throws SQLException {
        long oid = oid(c, table);
        List<TableStorage> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE tree(relid) AS (SELECT ?::bigint::oid "
                + "UNION ALL SELECT i.inhrelid FROM pg_inherits i JOIN tree t ON i.inhparent = t.relid "
                + "JOIN pg_class k ON k.oid = i.inhrelid AND k.relispartition) "
                + "SELECT n.nspname, r.relname, r.relkind, pg_relation_filenode(r.oid), "
                + "pg_relation_size(r.oid) / current_setting('block_size')::bigint, r.oid = ?::bigint::oid "
                + "FROM tree JOIN pg_class r ON r.oid = tree.relid JOIN pg_namespace n ON n.oid = r.relnamespace "
                + "WHERE r.relkind <> 'p' "
                + "ORDER BY n.nspname COLLATE \"C\", r.relname COLLATE \"C\"")) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableId relation = TableId.of(rs.getString(1), rs.getString(2));
                    boolean self = rs.getBoolean(6);
                    if (!"r".equals(rs.getString(3))) {
                        LOG.warn("leaf partition {} of {} is not a heap table (relkind '{}'): its rows are not copied", relation, table, rs.getString(3));
                        continue;
                    }
                    out.add(new TableStorage(relation, !self, rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        return out;
    }

    /**
     * The leaf partitions of the table in the catalog as it is at this moment, whatever snapshot the
     * connection holds ({@code pg_partition_tree} reads the catalog caches, not the transaction's snapshot).
     */
    static java.util.Set<TableId> leavesNow(Connection c, TableId table) throws SQLException {
        java.util.Set<TableId> out = new java.util.HashSet<>();
        // pg_identify_object names the relations from the caches too: a join with pg_class would read it under the snapshot
        try (PreparedStatement ps = c.prepareStatement("SELECT o.schema, o.name FROM pg_partition_tree(?::bigint::oid::regclass) t, "
                + "LATERAL pg_identify_object('pg_class'::regclass, t.relid, 0) o WHERE t.isleaf AND t.level > 0")) {
            ps.setLong(1, oid(c, table));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(TableId.of(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }

    /** Rows the statistics estimate for the table (the sum over its leaves when partitioned). */
    static long estimatedRows(Connection c, TableId table) throws SQLException {
        long oid = oid(c, table);
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(greatest(r.reltuples, 0)), 0)::bigint FROM pg_class r "
                + "WHERE (r.oid = ?::bigint::oid AND r.relkind <> 'p') "
                + "OR r.oid IN (SELECT p.relid FROM pg_partition_tree(?::bigint::oid::regclass) p WHERE p.isleaf AND p.level > 0)")) {
            ps.setLong(1, oid);
            ps.setLong(2, oid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long oid(Connection c, TableId table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT c.oid::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ConfigException("table " + table + " does not exist; remove it from the pipeline's tables or create it");
                }
                return rs.getLong(1);
            }
        }
    }
}
