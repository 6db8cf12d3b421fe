package io.doriscdc.cli.demo;

import io.doriscdc.api.CdcException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The PostgreSQL the demo reads from: the embedded server it starts, or one the user points it at.
 * Not thread-safe; close once (stops the embedded server).
 */
final class PgSide implements AutoCloseable {

    private final String url;
    private final String user;
    private final String password;
    private final DemoPostgres embedded;

    private PgSide(String url, String user, String password, DemoPostgres embedded) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    static PgSide embedded() {
        DemoPostgres pg = DemoPostgres.start();
        return new PgSide(pg.jdbcUrl(), "postgres", "", pg);
    }

    static PgSide external(String url, String user, String password) {
        return new PgSide(url, user, password, null);
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    String describe() {
        return (embedded != null ? "embedded PostgreSQL " : "PostgreSQL ") + version() + " at " + url;
    }

    /** A psql command line for the user to look around (embedded server only). */
    String psql() {
        return embedded == null ? "" : "psql -h 127.0.0.1 -p " + embedded.port() + " -U postgres postgres";
    }

    Connection connect() {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("ApplicationName", "doris-cdc demo");
        try {
            return DriverManager.getConnection(url, p);
        } catch (SQLException e) {
            throw new CdcException("cannot connect to PostgreSQL at " + url + " as " + user + ": " + e.getMessage(), e);
        }
    }

    private String version() {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "?";
        }
    }

    /** Removes what an earlier demo run left: its slot (when inactive), publication and control-plane rows. */
    void dropLeftovers(String slot) throws SQLException {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ? AND NOT active")) {
                ps.setString(1, slot);
                ps.execute();
            }
            st.execute("DROP PUBLICATION IF EXISTS " + slot);
            try (ResultSet rs = st.executeQuery("SELECT to_regclass('doris_cdc.snapshot_ranges') IS NOT NULL")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return;
                }
            }
            st.execute("DELETE FROM doris_cdc.snapshot_ranges WHERE pipeline = '" + slot + "'");
            st.execute("DELETE FROM doris_cdc.table_status WHERE pipeline = '" + slot + "'");
            st.execute("DELETE FROM doris_cdc.mappings WHERE table_schema = '" + DemoSchema.SCHEMA + "'");
        }
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
