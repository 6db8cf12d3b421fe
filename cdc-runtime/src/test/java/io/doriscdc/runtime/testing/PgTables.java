package io.doriscdc.runtime.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a PostgreSQL table as {@link MemoryTransport.Store#rows} presents a Doris table: key text →
 * column name → PostgreSQL text form ({@code ::text}), so the two compare row by row.
 */
public final class PgTables {

    private PgTables() {
    }

    public static Map<String, Map<String, String>> rows(Connection c, String table, List<String> keyColumns) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT attname FROM pg_attribute WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i > 0 ? ", " : "").append('"').append(columns.get(i).replace("\"", "\"\"")).append("\"::text");
        }
        sql.append(" FROM ").append(table);
        Map<String, Map<String, String>> out = new TreeMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            while (rs.next()) {
                Map<String, String> row = new TreeMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    row.put(columns.get(i), rs.getString(i + 1));
                }
                StringBuilder key = new StringBuilder();
                for (String k : keyColumns) {
                    key.append(row.get(k)).append('\u0001');
                }
                out.put(key.toString(), row);
            }
        }
        return out;
    }
}
