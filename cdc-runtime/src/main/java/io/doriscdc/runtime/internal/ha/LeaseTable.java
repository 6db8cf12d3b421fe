package io.doriscdc.runtime.internal.ha;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The statements on {@code doris_cdc.leases} and {@code doris_cdc.instances} (control-plane.sql).
 * Each is one statement in autocommit, so each claim, renewal and release is atomic; every time is
 * PostgreSQL's {@code now()}. Stateless; each method uses the connection given.
 */
final class LeaseTable {

    private LeaseTable() {
    }

    /** The slot, its walsender and the lease, in one snapshot. */
    static Observation observe(Connection c, String pipeline, String slot) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(s.active, false), coalesce(s.active_pid, 0), a.application_name,"
                + " l.pipeline IS NOT NULL, l.holder, coalesce(l.term, 0), coalesce(extract(epoch FROM now() - l.renewed_at)::float8, 0),"
                + " EXISTS (SELECT 1 FROM pg_stat_activity b WHERE b.pid = l.lease_pid), coalesce(l.walsender_pid, 0)"
                + " FROM (SELECT 1) one"
                + " LEFT JOIN pg_replication_slots s ON s.slot_name = ?"
                + " LEFT JOIN pg_stat_activity a ON a.pid = s.active_pid"
                + " LEFT JOIN doris_cdc.leases l ON l.pipeline = ?")) {
            ps.setString(1, slot);
            ps.setString(2, pipeline);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Observation(rs.getBoolean(1), rs.getInt(2), rs.getString(3), rs.getBoolean(4), rs.getString(5), rs.getLong(6),
                        rs.getDouble(7), rs.getBoolean(8), rs.getInt(9));
            }
        }
    }

    /**
     * Takes the lease if it is free (released, expired, or its holder gone with the slot idle: the
     * same rules as {@link Takeover}, checked again inside the statement so that of standbys that
     * race, one wins). Returns the new term, or empty when another instance has it.
     */
    static OptionalLong claim(Connection c, String pipeline, String slot, String holder, Duration timeout) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO doris_cdc.leases AS l (pipeline, holder, term, renewed_at, lease_pid)"
                + " VALUES (?, ?, 1, now(), pg_backend_pid())"
                + " ON CONFLICT (pipeline) DO UPDATE SET holder = EXCLUDED.holder, term = l.term + 1, renewed_at = now(),"
                + " lease_pid = pg_backend_pid(), walsender_pid = NULL"
                + " WHERE l.holder IS NULL OR l.holder = EXCLUDED.holder OR l.renewed_at < now() - make_interval(secs => ?)"
                + " OR (NOT EXISTS (SELECT 1 FROM pg_stat_activity b WHERE b.pid = l.lease_pid)"
                + "     AND NOT EXISTS (SELECT 1 FROM pg_replication_slots s WHERE s.slot_name = ? AND s.active))"
                + " RETURNING term")) {
            ps.setString(1, pipeline);
            ps.setString(2, holder);
            ps.setDouble(3, timeout.toNanos() / 1e9);
            ps.setString(4, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** Renews the lease of {@code holder} at {@code term}, recording its walsender (0: none); false when it is not held so any more. */
    static boolean renew(Connection c, String pipeline, String holder, long term, int walsenderPid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE doris_cdc.leases SET renewed_at = now(), lease_pid = pg_backend_pid(),"
                + " walsender_pid = coalesce(nullif(?, 0), walsender_pid) WHERE pipeline = ? AND holder = ? AND term = ?")) {
            ps.setInt(1, walsenderPid);
            ps.setString(2, pipeline);
            ps.setString(3, holder);
            ps.setLong(4, term);
            return ps.executeUpdate() == 1;
        }
    }

    /** Gives the lease up (a graceful stop): a standby claims it at its next look. */
    static void release(Connection c, String pipeline, String holder, long term) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE doris_cdc.leases SET holder = NULL, walsender_pid = NULL"
                + " WHERE pipeline = ? AND holder = ? AND term = ?")) {
            ps.setString(1, pipeline);
            ps.setString(2, holder);
            ps.setLong(3, term);
            ps.executeUpdate();
        }
    }

    /**
     * Ends the walsender {@code pid} if it still holds {@code slot}, waiting up to {@code wait} for it
     * to exit (PostgreSQL 14+). The caller's role must be the walsender's (the pipeline user) or have
     * {@code pg_signal_backend}. Returns whether it was ended.
     */
    static boolean terminate(Connection c, String slot, int pid, Duration wait) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(active_pid, ?) FROM pg_replication_slots"
                + " WHERE slot_name = ? AND active_pid = ?")) {
            ps.setLong(1, Math.max(1, wait.toMillis()));
            ps.setString(2, slot);
            ps.setInt(3, pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** This instance's row in {@code doris_cdc.instances}; rows of instances not seen for a day are removed. */
    static void report(Connection c, String pipeline, String instance, String state, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO doris_cdc.instances AS i (pipeline, instance, state, detail, seen_at)"
                + " VALUES (?, ?, ?, ?, now()) ON CONFLICT (pipeline, instance) DO UPDATE"
                + " SET state = EXCLUDED.state, detail = EXCLUDED.detail, seen_at = now(),"
                + " since = CASE WHEN i.state = EXCLUDED.state THEN i.since ELSE now() END");
             PreparedStatement prune = c.prepareStatement("DELETE FROM doris_cdc.instances WHERE pipeline = ? AND seen_at < now() - interval '1 day'")) {
            ps.setString(1, pipeline);
            ps.setString(2, instance);
            ps.setString(3, state);
            ps.setString(4, detail);
            ps.executeUpdate();
            prune.setString(1, pipeline);
            prune.executeUpdate();
        }
    }

    /** Removes this instance's row (it stopped). */
    static void forget(Connection c, String pipeline, String instance) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM doris_cdc.instances WHERE pipeline = ? AND instance = ?")) {
            ps.setString(1, pipeline);
            ps.setString(2, instance);
            ps.executeUpdate();
        }
    }
}
