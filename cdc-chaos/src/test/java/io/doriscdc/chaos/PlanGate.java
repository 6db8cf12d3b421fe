package io.doriscdc.chaos;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * A PostgreSQL-side hook that holds a pipeline at the moment it writes a copy plan: a statement
 * trigger on {@code doris_cdc.snapshot_ranges} takes (and at once releases) a shared advisory lock
 * before every INSERT, so while the test holds that lock exclusively ({@link #hold()} to
 * {@link #release()}), the pipeline's plan transaction — its old ranges deleted, its new ones not yet
 * inserted, nothing committed — waits there. The test can then SIGKILL the pipeline, or end its
 * connection, exactly while the copy is being planned. Open, the gate costs one lock round trip per
 * INSERT. Not thread-safe: one test thread.
 */
final class PlanGate implements AutoCloseable {

    /** The advisory lock (two-int form, apart from the control plane's own bigint key). */
    private static final int CLASS_ID = 7031;
    private static final int OBJ_ID = 1;

    private final Connector connector;
    private Connection holder;

    private PlanGate(Connector connector) {
        this.connector = connector;
    }

    /**
     * Installs the trigger; {@code doris_cdc.snapshot_ranges} must exist (ControlPlane.install). Pipelines
     * run the control-plane script at every start, which keeps triggers.
     */
    static PlanGate install(Connector connector) throws SQLException {
        try (Connection c = connector.open(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS chaos_hooks");
            st.execute("CREATE OR REPLACE FUNCTION chaos_hooks.plan_gate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "PERFORM pg_advisory_lock_shared(" + CLASS_ID + ", " + OBJ_ID + "); "
                    + "PERFORM pg_advisory_unlock_shared(" + CLASS_ID + ", " + OBJ_ID + "); RETURN NULL; END $$");
            st.execute("DROP TRIGGER IF EXISTS chaos_plan_gate ON doris_cdc.snapshot_ranges");
            st.execute("CREATE TRIGGER chaos_plan_gate BEFORE INSERT ON doris_cdc.snapshot_ranges "
                    + "FOR EACH STATEMENT EXECUTE FUNCTION chaos_hooks.plan_gate()");
        }
        return new PlanGate(connector);
    }

    /** From now on, a pipeline that writes a copy plan waits before its first range is inserted. */
    void hold() throws SQLException {
        if (holder != null) {
            return;
        }
        holder = connector.open();
        try (Statement st = holder.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + CLASS_ID + ", " + OBJ_ID + ")");
        }
    }

    /** Lets a waiting plan go on (a plan whose session is gone is rolled back by PostgreSQL). */
    void release() throws SQLException {
        if (holder == null) {
            return;
        }
        try (Connection c = holder) {
            holder = null;
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_unlock(" + CLASS_ID + ", " + OBJ_ID + ")");
            }
        }
    }

    /** The backend that waits at the gate, once one does within {@code timeout}: a pipeline in the middle of writing a plan. */
    OptionalInt awaitWaiter(Duration timeout) throws SQLException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try (Connection c = connector.open(); PreparedStatement ps = c.prepareStatement("SELECT pid FROM pg_locks WHERE locktype = 'advisory' "
                    + "AND classid = ?::oid AND objid = ?::oid AND objsubid = 2 AND NOT granted AND database = "
                    + "(SELECT oid FROM pg_database WHERE datname = current_database())")) {
                ps.setInt(1, CLASS_ID);
                ps.setInt(2, OBJ_ID);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return OptionalInt.of(rs.getInt(1));
                    }
                }
            }
            Thread.sleep(20); // polling pg_locks
        }
        return OptionalInt.empty();
    }

    /** Whether {@code pid}'s session still waits at the gate, i.e. its plan is still uncommitted. */
    boolean stillWaiting(int pid) throws SQLException {
        try (Connection c = connector.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = ?::oid AND objid = ?::oid AND pid = ? AND NOT granted")) {
            ps.setInt(1, CLASS_ID);
            ps.setInt(2, OBJ_ID);
            ps.setInt(3, pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public void close() throws SQLException {
        release();
    }
}
