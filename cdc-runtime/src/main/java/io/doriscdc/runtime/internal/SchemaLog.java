package io.doriscdc.runtime.internal;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.Lsn;
import io.doriscdc.api.StreamPosition;
import io.doriscdc.api.TableId;
import io.doriscdc.api.schema.Column;
import io.doriscdc.api.schema.TableSchema;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable record of the column changes a pipeline applied to its Doris tables
 * ({@code doris_cdc.applied_schema_changes}), which makes them replay-safe like TRUNCATEs
 * (ARCHITECTURE.md invariant 3). A change is recorded (synchronous commit, {@link DurableWrite}) after every earlier change of its table was
 * committed in Doris and before Doris runs its statements. A replay after a crash then resumes, for
 * that table, at the change: the table's changes before it are in Doris already (under the column
 * names of before, which Doris may no longer have), and the change itself is planned again from
 * what was recorded, not from a catalog that may have moved on. Thread-safe (each call uses a
 * connection of its own).
 */
final class SchemaLog {

    /** The newest recorded change of a table: where, and what changed (against the columns before it). */
    record Applied(StreamPosition position, List<String> change) {

        Applied {
            change = List.copyOf(change);
        }

        /** The recorded change as a diff, its columns taken from {@code now}, the table's columns after it. */
        SchemaDiff diff(TableSchema now) {
            List<Column> added = new ArrayList<>();
            List<String> dropped = new ArrayList<>();
            Map<String, String> renamed = new LinkedHashMap<>();
            List<Column> retyped = new ArrayList<>();
            boolean ambiguous = false;
            String renamedFrom = null;
            for (String e : change) {
                String body = e.substring(2);
                switch (e.charAt(0)) {
                    case 'A' -> column(now, body).ifPresent(added::add);
                    case 'D' -> dropped.add(body);
                    case 'R' -> renamedFrom = body;
                    case 'N' -> renamed.put(renamedFrom, body);
                    case 'T' -> column(now, body).ifPresent(retyped::add);
                    case '?' -> ambiguous = true;
                    case 'L' -> {
                        // how it was planned, see firstSight()
                    }
                    default -> throw new IllegalStateException("unknown entry '" + e + "' in doris_cdc.applied_schema_changes");
                }
            }
            return new SchemaDiff(List.copyOf(added), List.copyOf(dropped), Map.copyOf(renamed), List.copyOf(retyped), ambiguous);
        }

        /** Whether the change was planned at a table's first Relation of a run (lenient about Doris's own types). */
        boolean firstSight() {
            return change.contains("L:");
        }

        private static Optional<Column> column(TableSchema now, String name) {
            return now.columns().stream().filter(c -> c.name().equals(name)).findFirst();
        }
    }

    /**
     * A diff as the entries of the {@code change} column: {@code A:name} added, {@code D:name} dropped,
     * {@code R:old} then {@code N:new} renamed, {@code T:name} retyped, {@code ?:} ambiguous,
     * {@code L:} planned at first sight.
     */
    static List<String> entries(SchemaDiff diff, boolean firstSight) {
        List<String> out = new ArrayList<>();
        diff.added().forEach(c -> out.add("A:" + c.name()));
        diff.dropped().forEach(n -> out.add("D:" + n));
        diff.renamed().forEach((a, b) -> {
            out.add("R:" + a);
            out.add("N:" + b);
        });
        diff.retyped().forEach(c -> out.add("T:" + c.name()));
        if (diff.ambiguous()) {
            out.add("?:");
        }
        if (firstSight) {
            out.add("L:");
        }
        return out;
    }

    private final String pipeline;
    private final TruncateLog.Connector connector;

    SchemaLog(String pipeline, TruncateLog.Connector connector) {
        this.pipeline = pipeline;
        this.connector = connector;
    }

    /** The newest recorded change of each table of this pipeline. */
    Map<TableId, Applied> load() {
        Map<TableId, Applied> out = new HashMap<>();
        try (Connection c = connector.open();
             PreparedStatement ps = c.prepareStatement("SELECT table_schema, table_name, commit_lsn::text, ordinal, change"
                     + " FROM doris_cdc.applied_schema_changes WHERE pipeline = ?")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] change = (String[]) rs.getArray(5).getArray();
                    out.put(TableId.of(rs.getString(1), rs.getString(2)),
                            new Applied(new StreamPosition(Lsn.parse(rs.getString(3)), rs.getLong(4)), List.of(change)));
                }
            }
        } catch (SQLException e) {
            throw new CdcException("cannot read doris_cdc.applied_schema_changes for pipeline " + pipeline + ": " + e.getMessage()
                    + "; the pipeline user needs SELECT and INSERT on it (installed with the doris_cdc schema)", e);
        }
        return out;
    }

    /** Records that Doris is about to apply {@code applied} to the table of {@code table}. */
    void record(TableId table, Applied applied) {
        try (Connection c = connector.open()) {
            DurableWrite.run(c, tx -> {
                try (PreparedStatement ps = tx.prepareStatement("INSERT INTO doris_cdc.applied_schema_changes"
                        + " (pipeline, table_schema, table_name, commit_lsn, ordinal, change) VALUES (?, ?, ?, ?::pg_lsn, ?, ?)"
                        + " ON CONFLICT (pipeline, table_schema, table_name) DO UPDATE SET commit_lsn = EXCLUDED.commit_lsn,"
                        + " ordinal = EXCLUDED.ordinal, change = EXCLUDED.change, applied_at = now()")) {
                    Array change = tx.createArrayOf("text", applied.change().toArray());
                    ps.setString(1, pipeline);
                    ps.setString(2, table.schema());
                    ps.setString(3, table.name());
                    ps.setString(4, applied.position().commitLsn().toString());
                    ps.setLong(5, applied.position().ordinal());
                    ps.setArray(6, change);
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw new CdcException("the column change of " + table + " at stream position " + applied.position() + " cannot be recorded in"
                    + " doris_cdc.applied_schema_changes: " + e.getMessage() + "; nothing was changed in Doris and the pipeline stops"
                    + " before loading more of the table. Fix the cause and restart: the change is then applied", e);
        }
    }
}
