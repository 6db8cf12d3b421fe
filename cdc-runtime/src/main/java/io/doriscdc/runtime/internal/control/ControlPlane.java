package io.doriscdc.runtime.internal.control;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.ConfigException;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.TableId;
import io.doriscdc.runtime.TableRoute;
import io.doriscdc.runtime.internal.DurableWrite;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code doris_cdc} schema inside PostgreSQL: its installer, the mapping table, and the
 * decoding of the messages its functions emit. Stateless; each method uses the connection given.
 */
public final class ControlPlane {

    /** The logical decoding message prefix of the control plane. */
    public static final String PREFIX = "doris_cdc";

    /** How often the install script runs before a deadlock with a concurrent writer counts as a failure. */
    private static final int INSTALL_ATTEMPTS = 5;

    private ControlPlane() {
    }

    /** Installs or upgrades the schema, its functions, view and the {@code doris_cdc_admin} role. Idempotent and safe to run concurrently. */
    public static void install(Connection c) {
        String sql;
        try (InputStream in = ControlPlane.class.getResourceAsStream("/io/doriscdc/runtime/control-plane.sql")) {
            if (in == null) {
                throw new IllegalStateException("control-plane.sql is missing from the cdc-runtime jar");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CdcException("cannot read the control-plane script: " + e.getMessage(), e);
        }
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    runScript(c, sql);
                    return;
                } catch (SQLException e) {
                    // the script's DDL can deadlock with a session that writes doris_cdc's tables at that moment (the partition
                    // event trigger, a status update): PostgreSQL rolled the whole script back, so running it again is safe
                    if (attempt >= INSTALL_ATTEMPTS || !("40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState()))) {
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new ConfigException("cannot install the doris_cdc control plane as user " + user(c) + ": " + e.getMessage()
                    + "; run `doris-cdc install` as a user that may create schemas, roles and functions, or disable the SQL control plane", e);
        }
    }

    private static void runScript(Connection c, String sql) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(hashtext('doris_cdc install'))");
            st.execute(sql);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static String user(Connection c) {
        try {
            return c.getMetaData().getUserName();
        } catch (SQLException e) {
            return "?";
        }
    }

    /** Registers a pipeline (named by its slot) so that the functions can address it. */
    /**
     * Whether a pipeline of this name ran against this database before: it reported its tables in
     * {@code doris_cdc.table_status}, which it does only once streaming from its slot.
     */
    public static boolean reportedBefore(Connection c, String pipeline) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM doris_cdc.table_status WHERE pipeline = ? LIMIT 1")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public static void register(Connection c, String pipeline, String publication) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO doris_cdc.pipelines (pipeline, publication) VALUES (?, ?) "
                + "ON CONFLICT (pipeline) DO UPDATE SET publication = EXCLUDED.publication, started_at = now()")) {
            ps.setString(1, pipeline);
            ps.setString(2, publication);
            ps.executeUpdate();
        }
    }

    /** The mappings of a pipeline, including those added through {@code doris_cdc.add_table}. */
    public static List<TableRoute> mappings(Connection c, String pipeline) throws SQLException {
        List<TableRoute> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT table_schema, table_name, doris_db, doris_table FROM doris_cdc.mappings WHERE pipeline = ? ORDER BY 1, 2")) {
            ps.setString(1, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TableRoute(TableId.of(rs.getString(1), rs.getString(2)), DorisTableId.of(rs.getString(3), rs.getString(4))));
                }
            }
        }
        return out;
    }

    /**
     * Records a mapping of a pipeline (from its configuration or its Java API), so that the SQL functions see it too;
     * durable when this returns ({@link DurableWrite}).
     */
    public static void record(Connection c, String pipeline, TableRoute route) throws SQLException {
        DurableWrite.run(c, tx -> {
            recordIn(tx, pipeline, route);
            return null;
        });
    }

    private static void recordIn(Connection c, String pipeline, TableRoute route) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO doris_cdc.mappings (pipeline, table_schema, table_name, doris_db, doris_table) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (pipeline, table_schema, table_name) "
                + "DO UPDATE SET doris_db = EXCLUDED.doris_db, doris_table = EXCLUDED.doris_table")) {
            ps.setString(1, pipeline);
            ps.setString(2, route.source().schema());
            ps.setString(3, route.source().name());
            ps.setString(4, route.target().database());
            ps.setString(5, route.target().table());
            ps.executeUpdate();
        }
    }

    /** Forgets a mapping of a pipeline; durable when this returns ({@link DurableWrite}). */
    public static void forget(Connection c, String pipeline, TableId table) throws SQLException {
        DurableWrite.run(c, tx -> {
            forgetIn(tx, pipeline, table);
            return null;
        });
    }

    private static void forgetIn(Connection c, String pipeline, TableId table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM doris_cdc.mappings WHERE pipeline = ? AND table_schema = ? AND table_name = ?")) {
            ps.setString(1, pipeline);
            ps.setString(2, table.schema());
            ps.setString(3, table.name());
            ps.executeUpdate();
        }
    }

    /** The table the functions write commands into; the pipeline's publication publishes it. */
    public static final TableId COMMANDS = TableId.of("doris_cdc", "commands");

    /**
     * The table the partition event trigger writes ATTACH and DETACH PARTITION into (control-plane.sql);
     * published with every mapped partitioned table.
     */
    public static final TableId PARTITION_CHANGES = TableId.of("doris_cdc", "partition_changes");

    /** The event triggers that fill {@link #PARTITION_CHANGES}; creating them needs a superuser. */
    public static final List<String> PARTITION_TRIGGERS = List.of("doris_cdc_partitions_start", "doris_cdc_partitions_end");

    /** The event triggers of {@link #PARTITION_TRIGGERS} that are missing or disabled. */
    public static List<String> missingPartitionTriggers(Connection c) throws SQLException {
        List<String> out = new ArrayList<>(PARTITION_TRIGGERS);
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT evtname FROM pg_event_trigger WHERE evtenabled <> 'D' AND evtfoid = 'doris_cdc.follow_partitions()'::regprocedure")) {
            while (rs.next()) {
                out.remove(rs.getString(1));
            }
        }
        return out;
    }

    /**
     * Creates the {@code TRUNCATE} triggers of a mapped partitioned table and its leaves
     * ({@code doris_cdc.follow_truncates}, control-plane.sql), so that a TRUNCATE of some of its
     * partitions, which pgoutput does not publish through the root, deletes their rows from Doris at
     * its position.
     *
     * @return the tables the triggers could not be created on (the user lacks the TRIGGER privilege)
     */
    public static List<String> followTruncates(Connection c, TableId root) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT doris_cdc.follow_truncates(?::regclass)")) {
            ps.setString(1, root.toSql());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                java.sql.Array missed = rs.getArray(1);
                return missed == null ? List.of() : List.of((String[]) missed.getArray());
            }
        }
    }

    /**
     * The statements that create the TRUNCATE triggers on the tables {@link #followTruncates} missed,
     * to run as their owner; the root (as {@code regclass} text) gets the AFTER trigger too.
     */
    public static String truncateTriggerStatements(List<String> missed, String root) {
        StringBuilder out = new StringBuilder();
        for (String t : missed) {
            out.append(out.length() > 0 ? " " : "").append("CREATE TRIGGER doris_cdc_truncate_before BEFORE TRUNCATE ON ").append(t)
                    .append(" FOR EACH STATEMENT EXECUTE FUNCTION doris_cdc.follow_truncate();");
            if (t.equals(root)) {
                out.append(" CREATE TRIGGER doris_cdc_truncate_after AFTER TRUNCATE ON ").append(t)
                        .append(" FOR EACH STATEMENT EXECUTE FUNCTION doris_cdc.follow_truncate();");
            }
        }
        return out.toString();
    }

    /** The statements a superuser runs to create the missing partition event triggers. */
    public static String partitionTriggerStatements(List<String> missing) {
        StringBuilder out = new StringBuilder();
        for (String name : missing) {
            String event = name.endsWith("_start") ? "ddl_command_start" : "ddl_command_end";
            out.append(out.length() > 0 ? " " : "").append("CREATE EVENT TRIGGER ").append(name).append(" ON ").append(event)
                    .append(" EXECUTE FUNCTION doris_cdc.follow_partitions();");
        }
        return out.toString();
    }

    /**
     * The rule for Doris names given to the {@code doris_cdc} functions, the same in SQL
     * ({@code doris_cdc.check_doris_name}; ControlPlaneRuleTest compares them): ASCII only, so that
     * PostgreSQL's regex and Java's agree whatever the database's locale.
     */
    public static final java.util.regex.Pattern NAME_RULE = java.util.regex.Pattern.compile("^[A-Za-z][A-Za-z0-9_-]{0,63}$");

    /** The largest {@code sync_table} batch size, the same in SQL. */
    public static final int MAX_BATCH_SIZE = 10_000_000;

    /** A command of the control plane, for the pipeline it names. */
    public sealed interface Command permits AddTable, RemoveTable, SyncTable {
        String pipeline();

        TableId table();
    }

    public record AddTable(String pipeline, TableId table, DorisTableId target) implements Command {
    }

    public record RemoveTable(String pipeline, TableId table) implements Command {
    }

    public record SyncTable(String pipeline, TableId table, int batchSize) implements Command {
    }

    /**
     * Reads a row of {@code doris_cdc.commands} (column name → text, null for NULL), checking it with
     * the rules the functions apply.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Command fromRow(java.util.Map<String, String> row) {
        String pipeline = require(row, "pipeline");
        TableId table = TableId.of(require(row, "table_schema"), require(row, "table_name"));
        String op = require(row, "op");
        return switch (op) {
            case "add_table" -> new AddTable(pipeline, table, DorisTableId.of(name(row, "doris_db", "database"), name(row, "doris_table", "table")));
            case "remove_table" -> new RemoveTable(pipeline, table);
            case "sync_table" -> new SyncTable(pipeline, table, batchSize(require(row, "batch_size")));
            default -> throw new IllegalArgumentException("unknown operation " + printable(op));
        };
    }

    private static String name(java.util.Map<String, String> row, String column, String what) {
        String v = require(row, column);
        if (!NAME_RULE.matcher(v).matches()) {
            throw new IllegalArgumentException("invalid Doris " + what + " name " + printable(v)
                    + ": it must start with an ASCII letter and continue with ASCII letters, digits, '-' or '_', at most 64 characters");
        }
        return v;
    }

    private static int batchSize(String text) {
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("batch size " + printable(text) + " is not a number");
        }
        if (n < 1 || n > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size " + n + " is out of range [1, " + MAX_BATCH_SIZE + "]");
        }
        return (int) n;
    }

    /** A value for a message: quoted, cut at 100 characters, control characters escaped. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < s.length() && i < 100; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return sb.append(s.length() > 100 ? "…'" : "'").toString();
    }

    private static String require(java.util.Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("command without '" + key + "'");
        }
        return v;
    }
}
