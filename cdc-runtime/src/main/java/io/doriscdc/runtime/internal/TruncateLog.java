package io.doriscdc.runtime.internal;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.TableId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The durable record of the TRUNCATEs a pipeline applied in Doris ({@code doris_cdc.applied_truncates}),
 * which makes them replay-safe (ARCHITECTURE.md invariant 3). A replay after a crash skips a
 * TRUNCATE recorded here, and the changes before it, instead of truncating again the rows loaded
 * after it. The record is written after Doris ran the TRUNCATE and before the table's next load, with a
 * synchronous commit ({@link DurableWrite}).
 * Thread-safe (each call uses a connection of its own).
 */
public final class TruncateLog {

    /** Opens a plain connection to the source database. */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws SQLException;
    }

    private final String pipeline;
    private final Connector connector;

    public TruncateLog(String pipeline, Connector connector) {
        this.pipeline = pipeline;
        this.connector = connector;
    }

    /** The position of the newest recorded TRUNCATE of each table of this pipeline. */
    public Map<TableId, StreamPosition> load() {
        Map<TableId, StreamPosition> out = new HashMap<>();
        try (Connection c = connector.open();
             PreparedStatement ps = c.prepareStatement("SELECT table_schema, table_name, commit_lsn::text, ordinal"
                     + " FROM doris_cdc.applied_truncates WHERE pipeline = ?")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(TableId.of(rs.getString(1), rs.getString(2)), new StreamPosition(Lsn.parse(rs.getString(3)), rs.getLong(4)));
                }
            }
        } catch (SQLException e) {
            throw new CdcException("cannot read doris_cdc.applied_truncates for pipeline " + pipeline + ": " + e.getMessage()
                    + "; the pipeline user needs SELECT and INSERT on it (installed with the doris_cdc schema)", e);
        }
        return out;
    }

    /** Records that Doris applied the TRUNCATE of {@code table} at {@code position}. */
    public void record(TableId table, StreamPosition position) {
        try (Connection c = connector.open()) {
            DurableWrite.run(c, tx -> {
                try (PreparedStatement ps = tx.prepareStatement("INSERT INTO doris_cdc.applied_truncates"
                        + " (pipeline, table_schema, table_name, commit_lsn, ordinal) VALUES (?, ?, ?, ?::pg_lsn, ?)"
                        + " ON CONFLICT (pipeline, table_schema, table_name) DO UPDATE"
                        + " SET commit_lsn = EXCLUDED.commit_lsn, ordinal = EXCLUDED.ordinal, applied_at = now()")) {
                    ps.setString(1, pipeline);
                    ps.setString(2, table.schema());
                    ps.setString(3, table.name());
                    ps.setString(4, position.commitLsn().toString());
                    ps.setLong(5, position.ordinal());
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new CdcException("TRUNCATE of " + table + " at " + position + " was applied in Doris but cannot be recorded in"
                    + " doris_cdc.applied_truncates: " + e.getMessage() + "; the pipeline stops before loading more of the table."
                    + " Fix the cause and restart: the TRUNCATE is then applied again, before any later load", e);
        }
    }
}
