package io.doriscdc.chaos;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A session that updates the {@link CopySeed#TOUCHED_ROWS} toasty rows round and round, ten keys a
 * statement, without touching their big values: TOAST-only updates, pgoutput sends those values as
 * unchanged ('u'), and they keep meeting keys a copy has not loaded yet. Runs on its own thread until
 * its gate stops; {@link #touched()} is thread-safe.
 */
final class ToastToucher implements Runnable {

    private final Connector pg;
    private final Gate gate;
    private final WorkloadStats stats;
    private final RunLog log;
    private final AtomicLong touched = new AtomicLong();

    ToastToucher(Connector pg, Gate gate, WorkloadStats stats, RunLog log) {
        this.pg = pg;
        this.gate = gate;
        this.stats = stats;
        this.log = log;
    }

    /** Rows updated so far. */
    long touched() {
        return touched.get();
    }

    @Override
    public void run() {
        try (Connection c = pg.open(); Statement st = c.createStatement()) {
            st.execute("SET lock_timeout = '15s'");
            for (int from = 0; gate.pass(); from = (from + 10) % CopySeed.TOUCHED_ROWS) {
                try {
                    touched.addAndGet(st.executeUpdate("UPDATE toasty SET counter = counter + 1 WHERE id BETWEEN " + (CopySeed.TOUCHED + from)
                            + " AND " + (CopySeed.TOUCHED + from + 9)));
                } catch (SQLException e) {
                    if (Session.lostConnection(e)) {
                        throw e;
                    }
                    stats.failed.increment(); // a lock timeout behind a VACUUM FULL: the next round touches them again
                }
                gate.idle(5); // pacing
            }
        } catch (SQLException e) {
            log.line("the TOAST toucher lost its connection: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
