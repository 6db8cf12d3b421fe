package io.doriscdc.runtime.internal;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.Identifiers;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.TableId;
import io.doriscdc.runtime.doris.UniqueKeyAdvice;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up checks and the server-side objects a pipeline needs, each failure an actionable error:
 * {@code wal_level}, a primary (not a standby), the replication privilege, a usable key on every mapped table, the
 * publication (created or extended), the slot (created on first run, resumed later).
 * Runs on a plain JDBC connection; not thread-safe.
 */
public final class PgSetup {

    private static final Logger LOG = LoggerFactory.getLogger(PgSetup.class);

    private final Connection c;

    public PgSetup(Connection connection) {
        this.c = connection;
    }

    /** The server's major version. */
    public int majorVersion() throws SQLException {
        return queryInt("SELECT current_setting('server_version_num')::int / 10000");
    }

    /** The newest pgoutput protocol the server speaks: 4 on 16+, 3 on 15, 2 on 14, 1 before. */
    public static int protocolFor(int major) {
        return major >= 16 ? 4 : major == 15 ? 3 : major == 14 ? 2 : 1;
    }

    public void checkServer() throws SQLException {
        String walLevel = queryString("SELECT current_setting('wal_level')");
        if (!"logical".equals(walLevel)) {
            throw new ConfigException("PostgreSQL runs with wal_level = " + walLevel
                    + "; logical replication needs wal_level = logical: set it in postgresql.conf (ALTER SYSTEM SET wal_level = logical) and restart PostgreSQL");
        }
        if ("true".equals(queryString("SELECT pg_is_in_recovery()::text"))) {
            String where = queryString("SELECT coalesce(host(inet_server_addr()) || ':' || inet_server_port(), 'the local socket')");
            throw new ConfigException("PostgreSQL at " + where + " is a standby (in recovery); doris-cdc reads from the primary: point"
                    + " postgres.url at the primary, or list every server with targetServerType=primary"
                    + " (jdbc:postgresql://pg1:5432,pg2:5432/db?targetServerType=primary) so that the pipeline follows a failover");
        }
        if (majorVersion() < 14) {
            throw new ConfigException("PostgreSQL " + majorVersion() + " is not supported; doris-cdc needs PostgreSQL 14 or newer");
        }
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_user, rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            if (!rs.getBoolean(2)) {
                String user = rs.getString(1);
                throw new ConfigException("user " + user + " may not replicate; run ALTER ROLE " + Identifiers.quotePg(user)
                        + " WITH REPLICATION (and grant it SELECT on the mapped tables)");
            }
        }
    }

    /**
     * Checks that the table exists and has a unique key Doris can use, and returns the key columns:
     * the primary key (under REPLICA IDENTITY DEFAULT or FULL), else the replica identity index.
     * A table without either is refused, REPLICA IDENTITY FULL included ({@link UniqueKeyAdvice}).
     */
    public List<String> keyColumns(TableId table) throws SQLException {
        String sql = "SELECT c.oid, c.relreplident, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? AND c.relname = ?";
        long oid;
        char identity;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ConfigException("table " + table + " does not exist in database " + c.getCatalog()
                            + "; check the name (case matters for quoted names) or create it");
                }
                oid = rs.getLong(1);
                identity = rs.getString(2).charAt(0);
                String kind = rs.getString(3);
                if (!kind.equals("r") && !kind.equals("p")) {
                    throw new ConfigException(table + " is not a table (relkind " + kind + "); only tables can be replicated");
                }
            }
        }
        List<String> pk = indexColumns(oid, "i.indisprimary");
        if (!pk.isEmpty() && (identity == 'd' || identity == 'f')) {
            return pk;
        }
        if (identity == 'i') {
            List<String> index = indexColumns(oid, "i.indisreplident");
            if (!index.isEmpty()) {
                return index;
            }
        }
        String what = switch (identity) {
            case 'n' -> "REPLICA IDENTITY NOTHING, so its updates and deletes cannot be replicated";
            case 'f' -> "REPLICA IDENTITY FULL, which is no unique key: Doris cannot hold its rows exactly";
            case 'i' -> "REPLICA IDENTITY USING INDEX, but its index is gone (PostgreSQL then sends no key)";
            default -> "REPLICA IDENTITY DEFAULT, so its updates and deletes cannot be replicated";
        };
        throw new ConfigException("table " + table + " has no primary key and " + what + "; " + UniqueKeyAdvice.statements(table));
    }

    private List<String> indexColumns(long relid, String which) throws SQLException {
        // the index's key attributes only: the first indnkeyatts entries of indkey; the INCLUDE columns after them
        // are not part of the key, and a DELETE's old key does not carry them
        String sql = "SELECT a.attname FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord) "
                + "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                + "WHERE i.indrelid = ? AND " + which + " AND k.ord <= i.indnkeyatts ORDER BY k.ord";
        return names(sql, relid);
    }

    /** Type OIDs of a table's columns (for the choice of binary values). */
    public List<Integer> columnTypes(TableId table) throws SQLException {
        String sql = "SELECT a.atttypid FROM pg_attribute a WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped";
        List<Integer> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.toSql());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add((int) rs.getLong(1));
                }
            }
        }
        return out;
    }

    private List<String> names(String sql, long relid) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Creates the publication for the tables, or adds the tables it lacks. A publication the
     * pipeline creates publishes partitioned tables as their root ({@code publish_via_partition_root}),
     * so that the changes of every partition, present or future, arrive under the mapped table; an
     * existing publication gets the option set when it publishes a partitioned mapped table and the
     * pipeline user owns it, and is refused otherwise (its changes would arrive under the leaves).
     */
    public void ensurePublication(String publication, List<TableId> requested) throws SQLException {
        List<TableId> tables = withPartitionChanges(requested);
        boolean exists;
        boolean allTables = false;
        boolean viaRoot = false;
        boolean owned = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT puballtables, pubviaroot, pg_has_role(pubowner, 'USAGE')"
                + " FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                exists = rs.next();
                if (exists) {
                    allTables = rs.getBoolean(1);
                    viaRoot = rs.getBoolean(2);
                    owned = rs.getBoolean(3);
                }
            }
        }
        String pub = Identifiers.quotePg(publication);
        boolean generated = majorVersion() >= 18; // stored generated columns are published when the publication asks (PostgreSQL 18)
        if (!exists) {
            String list = tables.isEmpty() ? "" : " FOR TABLE " + String.join(", ", tables.stream().map(TableId::toSql).toList());
            execute("CREATE PUBLICATION " + pub + list + " WITH (publish_via_partition_root = true"
                    + (generated ? ", publish_generated_columns = stored" : "") + ")");
            LOG.info("created publication {} for {}", publication, tables);
            return;
        }
        if (!viaRoot && tables.stream().anyMatch(this::isPartitioned)) {
            if (owned) {
                execute("ALTER PUBLICATION " + pub + " SET (publish_via_partition_root = true)");
                LOG.info("set publish_via_partition_root on publication {}: partitioned tables are published as their root", publication);
            } else {
                LOG.warn("publication {} publishes the partitions of mapped partitioned tables under their own names"
                        + " (publish_via_partition_root is off, and the pipeline user does not own it): their changes are mapped to their"
                        + " root through the catalog; a TRUNCATE of some partitions cannot be applied. Better, as its owner run:"
                        + " ALTER PUBLICATION {} SET (publish_via_partition_root = true)", publication, pub);
            }
        }
        if (generated && !generatedColumns(tables, "s").isEmpty() && !publishesGenerated(publication)) {
            if (!owned) {
                throw new ConfigException("publication " + publication + " does not publish the stored generated columns of "
                        + generatedColumns(tables, "s") + " (publish_generated_columns is none) and the pipeline user does not own it;"
                        + " as its owner run: ALTER PUBLICATION " + pub + " SET (publish_generated_columns = stored)");
            }
            execute("ALTER PUBLICATION " + pub + " SET (publish_generated_columns = stored)");
            LOG.info("set publish_generated_columns = stored on publication {}: generated columns reach Doris", publication);
        }
        if (allTables) {
            return;
        }
        // direct members (pg_publication_tables would list a partitioned table's leaves, not the table)
        List<TableId> present = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, cl.relname FROM pg_publication_rel pr"
                + " JOIN pg_publication p ON p.oid = pr.prpubid JOIN pg_class cl ON cl.oid = pr.prrelid"
                + " JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE p.pubname = ?")) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    present.add(TableId.of(rs.getString(1), rs.getString(2)));
                }
            }
        }
        for (TableId t : tables) {
            if (!present.contains(t)) {
                try {
                    execute("ALTER PUBLICATION " + pub + " ADD TABLE " + t.toSql());
                } catch (SQLException e) {
                    throw new ConfigException("cannot add " + t + " to publication " + publication + ": " + e.getMessage()
                            + "; run, as the owner of the table and the publication: ALTER PUBLICATION " + pub + " ADD TABLE " + t.toSql(), e);
                }
                LOG.info("added {} to publication {}", t, publication);
            }
        }
    }

    /**
     * The tables plus {@code doris_cdc.partition_changes} when one of them is partitioned and the
     * control plane (of this user's) has that table: the rows the partition event trigger writes must be streamed.
     */
    private List<TableId> withPartitionChanges(List<TableId> tables) throws SQLException {
        TableId changes = io.doriscdc.runtime.internal.control.ControlPlane.PARTITION_CHANGES;
        if (tables.contains(changes) || tables.stream().noneMatch(this::isPartitioned)) {
            return tables;
        }
        // the catalog, not to_regclass: a pipeline without the control plane may lack USAGE on the schema
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     + "WHERE n.nspname = 'doris_cdc' AND c.relname = 'partition_changes' AND pg_has_role(c.relowner, 'USAGE'))")) {
            if (!rs.next() || !rs.getBoolean(1)) {
                return tables;
            }
        }
        List<TableId> out = new ArrayList<>(tables);
        out.add(changes);
        return out;
    }

    /**
     * The mapped tables that the publication publishes only in part (PostgreSQL 15+): with a column
     * list (only some columns reach the stream, the others would be NULL in Doris) or a row filter
     * (changes of rows outside it never arrive, and an UPDATE that moves a row out of it arrives as a
     * DELETE). Each entry names the table and what limits it.
     */
    public List<String> publishedInPart(String publication, List<TableId> tables) throws SQLException {
        List<String> out = new ArrayList<>();
        if (majorVersion() < 15) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT n.nspname, cl.relname, pr.prattrs IS NOT NULL, pr.prqual IS NOT NULL, "
                + "pg_get_expr(pr.prqual, pr.prrelid) FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid "
                + "JOIN pg_class cl ON cl.oid = pr.prrelid JOIN pg_namespace n ON n.oid = cl.relnamespace "
                + "WHERE p.pubname = ? AND (pr.prattrs IS NOT NULL OR pr.prqual IS NOT NULL)")) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TableId t = TableId.of(rs.getString(1), rs.getString(2));
                    if (tables.contains(t)) {
                        out.add(t + (rs.getBoolean(3) ? " (a column list)" : "") + (rs.getBoolean(4) ? " (row filter WHERE " + rs.getString(5) + ")" : ""));
                    }
                }
            }
        }
        return out;
    }

    /**
     * The generated columns of the tables that PostgreSQL does not publish (each as table.column):
     * virtual ones (PostgreSQL 18) always, stored ones before PostgreSQL 18. Their values would not
     * reach Doris.
     */
    public List<String> unpublishedGeneratedColumns(List<TableId> tables) throws SQLException {
        List<String> out = new ArrayList<>(generatedColumns(tables, "v"));
        if (majorVersion() < 18) {
            out.addAll(generatedColumns(tables, "s"));
        }
        return out;
    }

    private List<String> generatedColumns(List<TableId> tables, String kind) throws SQLException {
        List<String> out = new ArrayList<>();
        for (TableId t : tables) {
            try (PreparedStatement ps = c.prepareStatement("SELECT a.attname FROM pg_attribute a WHERE a.attrelid = ?::regclass "
                    + "AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated::text = ? ORDER BY a.attnum")) {
                ps.setString(1, t.toSql());
                ps.setString(2, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(t + "." + rs.getString(1));
                    }
                }
            } catch (SQLException e) {
                // an unknown table is refused elsewhere, with its name
            }
        }
        return out;
    }

    private boolean publishesGenerated(String publication) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pubgencols::text = 's' FROM pg_publication WHERE pubname = ?")) {
            ps.setString(1, publication);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The partitioned tables among {@code tables}. */
    public List<TableId> partitioned(List<TableId> tables) {
        return tables.stream().filter(this::isPartitioned).toList();
    }

    private boolean isPartitioned(TableId table) {
        try (PreparedStatement ps = c.prepareStatement("SELECT relkind = 'p' FROM pg_class WHERE oid = ?::regclass")) {
            ps.setString(1, table.toSql());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            return false; // an unknown table is refused elsewhere, with its name
        }
    }

    /**
     * Removes a table from the publication if it is in it and the publication is the pipeline user's
     * ({@code pg_publication.pubowner}); an operator's publication is left alone, with the statement to run.
     */
    public void dropFromPublication(String publication, TableId table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.pubowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
                + " FROM pg_publication_rel pr JOIN pg_publication p ON p.oid = pr.prpubid"
                + " WHERE p.pubname = ? AND pr.prrelid = to_regclass(?)")) {
            ps.setString(1, publication);
            ps.setString(2, table.toSql());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                if (!rs.getBoolean(1)) {
                    LOG.warn("{} is no longer mapped but stays in publication {}, which another user owns; its changes are counted as"
                            + " UNMAPPED until its owner runs: ALTER PUBLICATION {} DROP TABLE {}", table, publication,
                            Identifiers.quotePg(publication), table.toSql());
                    return;
                }
            }
        }
        execute("ALTER PUBLICATION " + Identifiers.quotePg(publication) + " DROP TABLE " + table.toSql());
    }

    /** The slot's confirmed flush LSN, or empty when the slot does not exist; checks it belongs to this database and uses pgoutput. */
    public Optional<Lsn> slotPosition(String slot) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT plugin, database, confirmed_flush_lsn::text, slot_type FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                if (!"logical".equals(rs.getString(4)) || !"pgoutput".equals(rs.getString(1))) {
                    throw new ConfigException("replication slot " + slot + " exists but is a " + rs.getString(4) + " slot of plugin "
                            + rs.getString(1) + "; doris-cdc needs a logical pgoutput slot: choose another slot name");
                }
                if (!c.getCatalog().equals(rs.getString(2))) {
                    throw new ConfigException("replication slot " + slot + " belongs to database " + rs.getString(2) + ", not "
                            + c.getCatalog() + "; choose another slot name");
                }
                String lsn = rs.getString(3);
                return Optional.of(lsn == null ? Lsn.INVALID : Lsn.parse(lsn));
            }
        }
    }

    /** The server's current WAL write position. */
    public Lsn currentWalLsn() throws SQLException {
        return Lsn.parse(queryString("SELECT pg_current_wal_lsn()::text"));
    }

    /** Key columns per mapped table, in one go. */
    public Map<TableId, List<String>> keyColumns(List<TableId> tables) throws SQLException {
        Map<TableId, List<String>> out = new LinkedHashMap<>();
        for (TableId t : tables) {
            out.put(t, keyColumns(t));
        }
        return out;
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private String queryString(String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private int queryInt(String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
