package io.doriscdc.runtime.internal.snapshot;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.pgoutput.PgOutputMessage;
import io.doriscdc.pgoutput.RelationCache;
import io.doriscdc.pgoutput.RelationMessage;
import io.doriscdc.pgoutput.TypeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's schema read from the catalog and resolved exactly as the stream resolves it, so that
 * copied rows and streamed rows are typed, and encoded, alike: the catalog's description is turned
 * into the messages pgoutput sends before a relation's first change — a Type message for each column
 * of a user-defined type, then the Relation message — and those go through the same
 * {@link RelationCache} the stream uses.
 *
 * <p>Domains: pgoutput's Type message names a domain column's type by its <em>base</em> type
 * ({@code logicalrep_write_typ} applies {@code getBaseType}, through domains over domains), and the
 * decoder gives a domain over a built-in type its base type's family under the domain's OID: a
 * domain over {@code timestamptz} is a timestamptz, over {@code char(3)} a bpchar. The copy then
 * reads such a column in binary ({@code COPY (FORMAT binary)} sends a domain in its base type's send
 * format) instead of as {@code ::text}, which rendered timestamptz in the session's time zone,
 * stripped the padding of {@code char(n)} (a key could change) and made booleans and intervals text.
 * The column's typmod is the domain's base typmod (a domain column's own {@code atttypmod} is -1).
 * A domain over an enum, and an array of a domain, resolve as the stream resolves them: from the
 * wire alone the decoder cannot tell an array of a domain's element type, so both read it as an array
 * of text values (exact {@code array_out} text).
 *
 * <p>Stateless; thread-safe.
 */
public final class CatalogSchema {

    /** Types with OIDs below this are built in; pgoutput sends Type messages for the others only. */
    private static final long FIRST_NON_BUILTIN_OID = 10_000;

    private CatalogSchema() {
    }

    /** The schema of a table with {@code keyColumns} as its key. */
    public static TableSchema load(Connection c, TableId table, List<String> keyColumns) throws SQLException {
        int relid;
        ReplicaIdentity identity;
        try (PreparedStatement ps = c.prepareStatement("SELECT c.oid::int, c.relreplident FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ConfigException("table " + table + " does not exist; remove it from the pipeline's tables or create it");
                }
                relid = rs.getInt(1);
                identity = ReplicaIdentity.fromCode(rs.getString(2).charAt(0));
            }
        }
        RelationCache cache = new RelationCache();
        List<RelationMessage.RelationColumn> columns = new ArrayList<>();
        // each column with its type walked down through its domains: the base type's namespace, name, kind and typmod
        try (PreparedStatement ps = c.prepareStatement("WITH RECURSIVE cols AS ("
                + "  SELECT a.attnum, a.attname, a.atttypid, a.atttypmod FROM pg_attribute a"
                // stored generated columns are published from PostgreSQL 18 (the pipeline's publications set
                // publish_generated_columns = stored there); virtual ones never are
                + "  WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped AND (a.attgenerated = '' "
                + "    OR a.attgenerated = 's' AND current_setting('server_version_num')::int >= 180000)), "
                + "chain AS ("
                + "  SELECT c.attnum, t.oid, t.typtype, t.typbasetype, t.typtypmod AS typmod FROM cols c JOIN pg_type t ON t.oid = c.atttypid"
                + "  UNION ALL"
                + "  SELECT d.attnum, t.oid, t.typtype, t.typbasetype, CASE WHEN d.typmod <> -1 THEN d.typmod ELSE t.typtypmod END"
                + "  FROM chain d JOIN pg_type t ON t.oid = d.typbasetype WHERE d.typtype = 'd') "
                + "SELECT c.attname, c.atttypid::bigint, c.atttypmod, n.nspname, b.typname, b.typtype, d.typmod "
                + "FROM cols c JOIN chain d ON d.attnum = c.attnum AND d.typtype <> 'd' "
                + "JOIN pg_type b ON b.oid = d.oid JOIN pg_namespace n ON n.oid = b.typnamespace ORDER BY c.attnum")) {
            ps.setInt(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    long type = rs.getLong(2);
                    int typmod = rs.getInt(3) != -1 ? rs.getInt(3) : rs.getInt(7);
                    if ("e".equals(rs.getString(6))) {
                        cache.declareEnum((int) type);
                    }
                    if (type >= FIRST_NON_BUILTIN_OID) {
                        // what pgoutput sends for a user type: its OID with its base type's namespace ("" for pg_catalog) and name
                        String namespace = "pg_catalog".equals(rs.getString(4)) ? "" : rs.getString(4);
                        cache.apply(new TypeMessage(PgOutputMessage.NO_XID, (int) type, namespace, rs.getString(5)));
                    }
                    columns.add(new RelationMessage.RelationColumn(keyColumns.contains(name) ? 1 : 0, name, (int) type, typmod));
                }
            }
        }
        return cache.apply(new RelationMessage(PgOutputMessage.NO_XID, relid, table.schema(), table.name(), identity, columns));
    }
}
