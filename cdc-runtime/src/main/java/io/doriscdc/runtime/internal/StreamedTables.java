package io.doriscdc.runtime.internal;

import io.doriscdc.api.TableId;
import io.doriscdc.runtime.TableRoute;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The mapped tables whose changes the pipeline's existing slot already streams, at start: for them
 * the changes not yet acknowledged, column changes included, are replayed in order with their
 * Relation messages, so a Doris table that lags the current catalog is caught up by the stream
 * rather than refused (issue 23 finding 1). None without a slot (a new slot starts at the current
 * catalog, which the Doris table must fit). With the SQL control plane, only the tables the pipeline
 * reported in {@code doris_cdc.table_status} (it reports only tables it streams), so that a table
 * newly mapped next to an old slot is still checked strictly; without it, every mapped table.
 */
final class StreamedTables {

    private StreamedTables() {
    }

    static Set<TableId> atStart(Connection c, String pipeline, boolean slotExists, boolean controlPlane, List<TableRoute> routes)
            throws SQLException {
        Set<TableId> out = new HashSet<>();
        if (!slotExists) {
            return out;
        }
        if (!controlPlane) {
            routes.forEach(r -> out.add(r.source()));
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT table_schema, table_name FROM doris_cdc.table_status WHERE pipeline = ?")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(TableId.of(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return out;
    }
}
