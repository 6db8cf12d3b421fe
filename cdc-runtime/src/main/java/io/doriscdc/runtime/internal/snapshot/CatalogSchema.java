package io.doriscdc.runtime.internal.snapshot;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.ReplicaIdentity;
import io.doriscdc.api.schema.TableSchema;
import io.doriscdc.pgoutput.RelationCache;
import io.doriscdc.pgoutput.RelationMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's schema read from the catalog, in the same shape as the stream's Relation messages give
 * it (so snapshot rows and streamed rows encode alike), with enums declared.
 */
public final class CatalogSchema {

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
                    throw new ConfigException("table " + table + " does not exist");
                }
                relid = rs.getInt(1);
                identity = ReplicaIdentity.fromCode(rs.getString(2).charAt(0));
            }
        }
        RelationCache cache = new RelationCache();
        List<RelationMessage.RelationColumn> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, a.atttypid::int, a.atttypmod, t.typtype "
                + "FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                + "WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum")) {
            ps.setInt(1, relid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    if ("e".equals(rs.getString(4))) {
                        cache.declareEnum(rs.getInt(2));
                    }
                    columns.add(new RelationMessage.RelationColumn(keyColumns.contains(name) ? 1 : 0, name, rs.getInt(2), rs.getInt(3)));
                }
            }
        }
        return cache.apply(new RelationMessage(0, relid, table.schema(), table.name(), identity, columns));
    }
}
