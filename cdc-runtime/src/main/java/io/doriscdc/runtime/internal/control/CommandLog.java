package io.doriscdc.runtime.internal.control;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.TableId;
import io.doriscdc.runtime.TableRoute;
import io.doriscdc.runtime.internal.DurableWrite;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mappings as of the slot's position (issue 23 finding 4). The SQL functions change
 * {@code doris_cdc.mappings} when they are called, but the pipeline must change a mapping where the
 * command committed in the stream: a change of a removed table committed before its
 * {@code remove_table} still belongs in Doris, and one of an added table committed before its
 * {@code add_table} does not. The worker records each command it applied in
 * {@code doris_cdc.applied_commands} (synchronous commit, before the command's transaction can be
 * acknowledged); at start, a command without that record is one the slot has not passed, and the
 * mappings are rolled back over it: its add unmapped, its remove mapped again to the Doris table the
 * command names, until the stream reaches the command. Stateless; each method uses the connection given.
 */
public final class CommandLog {

    private static final Logger LOG = LoggerFactory.getLogger(CommandLog.class);

    /** An add_table or remove_table the slot has not passed; {@code target} null for a remove recorded without it. */
    record Pending(long id, String op, TableId table, DorisTableId target) {
    }

    private CommandLog() {
    }

    /** Records, durably, that {@code pipeline} applied the command of row {@code id} at its stream position. Idempotent. */
    public static void applied(Connection c, String pipeline, long id) throws SQLException {
        DurableWrite.run(c, tx -> {
            try (PreparedStatement ps = tx.prepareStatement("INSERT INTO doris_cdc.applied_commands (command_id, pipeline) VALUES (?, ?)"
                    + " ON CONFLICT (command_id) DO NOTHING")) {
                ps.setLong(1, id);
                ps.setString(2, pipeline);
                return ps.executeUpdate();
            }
        });
    }

    /** A new slot starts after every command issued so far: they count as applied. */
    public static void allApplied(Connection c, String pipeline) throws SQLException {
        DurableWrite.run(c, tx -> {
            try (PreparedStatement ps = tx.prepareStatement("INSERT INTO doris_cdc.applied_commands (command_id, pipeline)"
                    + " SELECT id, pipeline FROM doris_cdc.commands WHERE pipeline = ? ON CONFLICT (command_id) DO NOTHING")) {
                ps.setString(1, pipeline);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * The mappings as of the slot's position: {@code current} (the configured routes first, then
     * {@code doris_cdc.mappings}) with the pending add_table and remove_table commands undone, newest
     * first. A configured table keeps its configured route.
     */
    public static List<TableRoute> asOfSlot(Connection c, String pipeline, List<TableRoute> current, Set<TableId> configured)
            throws SQLException {
        Map<TableId, TableRoute> routes = new LinkedHashMap<>();
        current.forEach(r -> routes.putIfAbsent(r.source(), r));
        for (Pending p : pending(c, pipeline)) {
            if (configured.contains(p.table())) {
                continue;
            }
            if (p.op().equals("add_table")) {
                if (routes.remove(p.table()) != null) {
                    LOG.info("pipeline {}: {} is mapped from doris_cdc.add_table (command {}), which the slot has not passed yet:"
                            + " it is mapped when the stream reaches the command", pipeline, p.table(), p.id());
                }
            } else if (p.target() != null) {
                routes.put(p.table(), new TableRoute(p.table(), p.target()));
                LOG.info("pipeline {}: {} was removed by doris_cdc.remove_table (command {}), which the slot has not passed yet:"
                        + " its changes before the command still go to {}", pipeline, p.table(), p.id(), p.target());
            } else {
                LOG.warn("pipeline {}: {} was removed by doris_cdc.remove_table (command {}) before the slot passed it, but the command"
                        + " does not name the Doris table (issued by an older doris-cdc): the table's changes before the command are"
                        + " not loaded; re-copy it if they matter (doris_cdc.add_table, then doris_cdc.remove_table)", pipeline, p.table(), p.id());
            }
        }
        return new ArrayList<>(routes.values());
    }

    /** The add_table and remove_table commands of {@code pipeline} not applied yet, newest first. */
    static List<Pending> pending(Connection c, String pipeline) throws SQLException {
        List<Pending> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, op, table_schema, table_name, doris_db, doris_table FROM doris_cdc.commands m"
                + " WHERE m.pipeline = ? AND m.op IN ('add_table', 'remove_table')"
                + " AND NOT EXISTS (SELECT 1 FROM doris_cdc.applied_commands a WHERE a.command_id = m.id) ORDER BY id DESC")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String db = rs.getString(5);
                    String table = rs.getString(6);
                    out.add(new Pending(rs.getLong(1), rs.getString(2), TableId.of(rs.getString(3), rs.getString(4)),
                            db == null || table == null ? null : DorisTableId.of(db, table)));
                }
            }
        }
        return out;
    }
}
