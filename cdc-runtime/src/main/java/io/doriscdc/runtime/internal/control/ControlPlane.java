package io.doriscdc.runtime.internal.control;

import io.doriscdc.api.CdcException;
import io.doriscdc.api.ConfigException;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.TableId;
import io.doriscdc.runtime.TableRoute;
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
        } catch (SQLException e) {
            throw new ConfigException("cannot install the doris_cdc control plane as user " + user(c) + ": " + e.getMessage()
                    + "; run `doris-cdc install` as a user that may create schemas, roles and functions, or disable the SQL control plane", e);
        }
    }

    private static String user(Connection c) {
        try {
            return c.getMetaData().getUserName();
        } catch (SQLException e) {
            return "?";
        }
    }

    /** The mappings added through {@code doris_cdc.add_table}. */
    public static List<TableRoute> mappings(Connection c) throws SQLException {
        List<TableRoute> out = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT table_schema, table_name, doris_db, doris_table FROM doris_cdc.mappings ORDER BY 1, 2")) {
            while (rs.next()) {
                out.add(new TableRoute(TableId.of(rs.getString(1), rs.getString(2)), DorisTableId.of(rs.getString(3), rs.getString(4))));
            }
        }
        return out;
    }

    /** Records a mapping from the configuration, so that the SQL functions see it too. */
    public static void record(Connection c, TableRoute route) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO doris_cdc.mappings (table_schema, table_name, doris_db, doris_table) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (table_schema, table_name) DO UPDATE SET doris_db = EXCLUDED.doris_db, doris_table = EXCLUDED.doris_table")) {
            ps.setString(1, route.source().schema());
            ps.setString(2, route.source().name());
            ps.setString(3, route.target().database());
            ps.setString(4, route.target().table());
            ps.executeUpdate();
        }
    }

    /** A decoded control message. */
    public sealed interface Command permits AddTable, RemoveTable, SyncTable {
        TableId table();
    }

    public record AddTable(TableId table, DorisTableId target) implements Command {
    }

    public record RemoveTable(TableId table) implements Command {
    }

    public record SyncTable(TableId table, int batchSize) implements Command {
    }

    /**
     * Decodes a message's content.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Command decode(String content) {
        var m = FlatJson.parse(content);
        TableId table = TableId.of(require(m, "schema"), require(m, "table"));
        return switch (require(m, "op")) {
            case "add_table" -> new AddTable(table, DorisTableId.of(require(m, "doris_db"), require(m, "doris_table")));
            case "remove_table" -> new RemoveTable(table);
            case "sync_table" -> new SyncTable(table, Integer.parseInt(require(m, "batch_size")));
            default -> throw new IllegalArgumentException("unknown control operation '" + m.get("op") + "' in " + content);
        };
    }

    private static String require(java.util.Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("control message without '" + key + "': " + m);
        }
        return v;
    }
}
