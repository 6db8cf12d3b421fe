package io.doriscdc.runtime.testing;

import io.doriscdc.api.Lsn;
import io.doriscdc.testsupport.PostgresExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** WAL positions a test compares the slot with, read from PostgreSQL itself. */
public final class Wal {

    private Wal() {
    }

    /**
     * The WAL insert position: at or after the end of every commit made before (the write position,
     * {@code pg_current_wal_lsn()}, can lag a commit just made).
     */
    public static Lsn insertLsn(PostgresExtension pg) throws SQLException {
        try (Connection c = pg.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            return Lsn.parse(rs.getString(1));
        }
    }

    /** The slot's confirmed flush position: how far the pipeline acknowledged. */
    public static Lsn confirmedFlush(PostgresExtension pg, String slot) throws SQLException {
        try (Connection c = pg.connect();
             PreparedStatement ps = c.prepareStatement("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no replication slot " + slot);
                }
                return Lsn.parse(rs.getString(1));
            }
        }
    }
}
