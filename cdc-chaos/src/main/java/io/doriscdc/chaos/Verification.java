package io.doriscdc.chaos;

import io.doriscdc.emulator.DorisEmulator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * A catch-up and a comparison: PostgreSQL's WAL position is taken once the writers are quiet, the
 * slot's {@code confirmed_flush_lsn} is awaited to reach it (so everything written before is committed
 * in Doris), then every table is compared. Immutable.
 *
 * @param caughtUp        whether the slot reached the target in time
 * @param targetLsn       {@code pg_current_wal_insert_lsn()} taken after the writers stopped
 * @param confirmedLsn    the slot's confirmed flush LSN when the wait ended
 * @param catchUpSeconds  how long the wait took
 * @param tables          one comparison per table
 */
record Verification(boolean caughtUp, String targetLsn, String confirmedLsn, double catchUpSeconds, List<TableComparison> tables,
                    String slotState) {

    boolean equal() {
        return tables.stream().allMatch(TableComparison::equal);
    }

    /**
     * Catches up and compares. The wait ends early when {@code failures} (the count of pipeline processes
     * that failed by themselves) grows by 3: a pipeline that keeps failing will not catch up.
     */
    static Verification run(Connector pg, String slot, DorisEmulator emu, Duration timeout, IntSupplier failures)
            throws SQLException, InterruptedException {
        int failuresBefore = failures.getAsInt();
        long start = System.nanoTime();
        String target;
        try (Connection c = pg.open(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            target = rs.getString(1);
        }
        String confirmed = null;
        boolean reached = false;
        long end = start + timeout.toNanos();
        while (!reached && System.nanoTime() < end && failures.getAsInt() - failuresBefore < 3) {
            try (Connection c = pg.open(); PreparedStatement ps = c.prepareStatement(
                    "SELECT confirmed_flush_lsn::text, confirmed_flush_lsn >= ?::pg_lsn FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, target);
                ps.setString(2, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        confirmed = rs.getString(1);
                        reached = rs.getBoolean(2);
                    }
                }
            } catch (SQLException e) {
                confirmed = "(PostgreSQL did not answer: " + e.getMessage() + ")";
            }
            if (!reached) {
                Thread.sleep(250); // polling the slot's position
            }
        }
        // copies run beside the stream (a partition attached late is copied under a snapshot of its own): wait for them too
        while (reached && System.nanoTime() < end && pendingCopyRanges(pg, slot) > 0) {
            Thread.sleep(250); // polling the copy plan
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String slotState = reached ? "" : slotState(pg, slot);
        List<TableComparison> tables = new ArrayList<>();
        try (Connection c = pg.open()) {
            for (TableDef t : ChaosSchema.TABLES) {
                tables.add(TableComparison.of(t, c, emu, ChaosSchema.DORIS_DB));
            }
        }
        return new Verification(reached, target, confirmed, seconds, List.copyOf(tables), slotState);
    }

    /** Copy ranges of the pipeline not yet committed in Doris (0 when PostgreSQL does not answer: the comparison then tells). */
    private static long pendingCopyRanges(Connector pg, String slot) {
        try (Connection c = pg.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM doris_cdc.snapshot_ranges WHERE pipeline = ? AND done_at IS NULL")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            return 0;
        }
    }

    /** The slot and its walsender as PostgreSQL sees them: what to look at when the pipeline does not catch up. */
    private static String slotState(Connector pg, String slot) {
        try (Connection c = pg.open(); PreparedStatement ps = c.prepareStatement(
                "SELECT 'active=' || s.active || ', restart_lsn=' || s.restart_lsn || ', confirmed_flush_lsn=' || s.confirmed_flush_lsn "
                        + "|| ', walsender: ' || coalesce('state=' || r.state || ', sent_lsn=' || r.sent_lsn || ', write_lsn=' || r.write_lsn "
                        + "|| ', flush_lsn=' || r.flush_lsn, 'none') || ', server at ' || pg_current_wal_lsn() "
                        + "FROM pg_replication_slots s LEFT JOIN pg_stat_replication r ON r.pid = s.active_pid WHERE s.slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "no slot " + slot;
            }
        } catch (SQLException e) {
            return "slot state unknown: " + e.getMessage();
        }
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(caughtUp ? String.format("caught up: the slot confirmed %s >= %s in %.1f s", confirmedLsn, targetLsn, catchUpSeconds)
                : String.format("NOT caught up: after %.1f s the slot's confirmed_flush_lsn is %s, PostgreSQL was at %s when the writers stopped",
                        catchUpSeconds, confirmedLsn, targetLsn) + "\n    slot: " + slotState);
        for (TableComparison t : tables) {
            sb.append("\n    ").append(t);
        }
        for (TableComparison t : tables) {
            for (String e : t.examples()) {
                sb.append("\n      ").append(e);
            }
        }
        return sb.toString();
    }
}
