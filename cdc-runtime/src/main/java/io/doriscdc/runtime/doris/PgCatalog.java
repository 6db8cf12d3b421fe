package io.doriscdc.runtime.doris;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads a table's columns and key from the PostgreSQL catalog. Stateless. */
public final class PgCatalog {

    private static final String COLUMNS = """
            SELECT * FROM (
              SELECT a.attname, t.typname, format_type(a.atttypid, a.atttypmod), t.typcategory, a.attnotnull,
                     coalesce((SELECT u.ord FROM unnest(k.keycols) WITH ORDINALITY u(att, ord) WHERE u.att = a.attnum), 0) AS keypos, a.attnum
                FROM pg_attribute a
                JOIN pg_type t ON t.oid = a.atttypid
                LEFT JOIN LATERAL (
                  -- the key attributes only (the first indnkeyatts of indkey), never INCLUDE columns; the replica
                  -- identity index under REPLICA IDENTITY USING INDEX, else the primary key (as PgSetup.keyColumns)
                  SELECT (SELECT array_agg(u.att ORDER BY u.ord) FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(att, ord)
                           WHERE u.ord <= i.indnkeyatts) AS keycols
                    FROM pg_index i JOIN pg_class r ON r.oid = i.indrelid
                   WHERE i.indrelid = a.attrelid AND (i.indisprimary OR i.indisreplident AND r.relreplident = 'i')
                   ORDER BY (i.indisreplident AND r.relreplident = 'i') DESC LIMIT 1) k ON true
               WHERE a.attrelid = ?::regclass AND a.attnum > 0 AND NOT a.attisdropped) c
             ORDER BY keypos = 0, keypos, attnum
            """;

    private PgCatalog() {
    }

    /**
     * The columns of a table, key columns first in key order, then the others in table order.
     *
     * @throws ConfigException when the table does not exist or has neither a primary key nor a replica identity index
     */
    public static List<PgColumn> columns(Connection c, TableId table) throws SQLException {
        List<PgColumn> out = columns(c, table, true);
        return out;
    }

    /**
     * The columns of a table, key columns first; with {@code requireKey} false, also for a table
     * without a primary key or replica identity index, whose columns are then in table order and
     * none is marked key.
     */
    public static List<PgColumn> columns(Connection c, TableId table, boolean requireKey) throws SQLException {
        List<PgColumn> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setString(1, table.toSql());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PgColumn(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4).charAt(0),
                            rs.getBoolean(5), rs.getInt(6) > 0));
                }
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw new ConfigException("table " + table + " does not exist in PostgreSQL; check the name or create it", e);
            }
            throw e;
        }
        if (requireKey && out.stream().noneMatch(PgColumn::key)) {
            throw new ConfigException("table " + table + " has neither a primary key nor a replica identity index, so it has no"
                    + " unique key for its Doris Unique Key table; " + UniqueKeyAdvice.statements(table));
        }
        return out;
    }

    /**
     * A column described by its type alone (OID and modifier, as a Relation message gives them),
     * for a column the table no longer has: not null and key unknown, so neither.
     *
     * @throws ConfigException when the type no longer exists either
     */
    public static PgColumn columnOfType(Connection c, String name, int typeOid, int typmod) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT typname, format_type(oid, ?), typcategory FROM pg_type WHERE oid = ?::oid")) {
            ps.setInt(1, typmod);
            ps.setString(2, Long.toString(Integer.toUnsignedLong(typeOid)));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ConfigException("column " + name + " has a type (OID " + Integer.toUnsignedLong(typeOid) + ") that PostgreSQL no"
                            + " longer has; add the column to the Doris table by hand, then restart the pipeline");
                }
                return new PgColumn(name, rs.getString(1), rs.getString(2), rs.getString(3).charAt(0), false, false);
            }
        }
    }

    /** The key columns, in key order. */
    public static List<String> keyColumns(List<PgColumn> columns) {
        return columns.stream().filter(PgColumn::key).map(PgColumn::name).toList();
    }
}
