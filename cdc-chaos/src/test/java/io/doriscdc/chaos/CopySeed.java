package io.doriscdc.chaos;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The seed rows of {@link CopyChaosIT}, laid out for copies, and the rewrite that moves them. In heap
 * order, {@code accounts} holds {@link #FILLER_ROWS} filler rows, the writers' own rows
 * ({@link SeedData}), then {@link #COLD_ROWS} cold rows that nobody changes: only a copy can bring
 * them to Doris. {@link #emptyFillerAndVacuumFull} deletes the filler, so that {@code VACUUM FULL} packs
 * the later rows into the blocks the filler held — blocks an interrupted copy had copied first.
 * {@code toasty} gets {@link #TOUCHED_ROWS} rows for the {@link ToastToucher}, each with four values over
 * 2 KB (the toaster moves EXTERNAL values out of line until the tuple fits 2 KB, so all four go).
 * Stateless.
 */
final class CopySeed {

    static final long FILLER = 9_000_000_000L;
    static final int FILLER_ROWS = 20_000;
    static final long COLD = 9_500_000_000L;
    static final int COLD_ROWS = 20_000;
    static final int TOUCHED = 900_000;
    static final int TOUCHED_ROWS = 300;

    private CopySeed() {
    }

    static void load(Connection c, ChaosSettings settings) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO accounts (id, owner_id, balance, note, updated, flags) SELECT " + FILLER + " + g, g % 100, g * 0.5, "
                    + "'filler ' || g, '2021-01-01 00:00:00+00'::timestamptz + g * interval '1 second', 1 FROM generate_series(0, "
                    + (FILLER_ROWS - 1) + ") g");
            SeedData.load(c, settings);
            st.execute("INSERT INTO accounts (id, owner_id, balance, note, updated, flags) SELECT " + COLD + " + g, g % 77, g * 0.125, "
                    + "'cold ' || g, '2022-06-01 00:00:00+00'::timestamptz + g * interval '1 minute', 2 FROM generate_series(0, "
                    + (COLD_ROWS - 1) + ") g");
            st.execute("INSERT INTO toasty (id, counter, t, b, j, a) SELECT " + TOUCHED + " + g, 0, repeat(md5(g::text), 100), "
                    + "decode(repeat(md5((g + 1)::text), 160), 'hex'), jsonb_build_object('g', g, 'pad', repeat(md5((g + 2)::text), 80)), "
                    + "array_fill(md5((g + 3)::text), ARRAY[80]) FROM generate_series(0, " + (TOUCHED_ROWS - 1) + ") g");
        }
    }

    /**
     * The filler rows go (their deletes stream), then VACUUM FULL moves every later row of accounts into
     * lower blocks: cold rows land in ranges the interrupted copy had copied already (checked, or the test
     * could not fail for a resume that ignores the rewrite).
     */
    static void emptyFillerAndVacuumFull(Connector pg, String slot, RunLog log) throws SQLException {
        try (Connection c = pg.open(); Statement st = c.createStatement()) {
            long before = filenode(st, "accounts");
            long[] coldBefore = coldRowsInCopiedRanges(st, slot);
            c.setAutoCommit(false);
            st.execute("DELETE FROM accounts WHERE id BETWEEN " + FILLER + " AND " + (FILLER + FILLER_ROWS));
            long deleted = xid(st);
            c.commit();
            c.setAutoCommit(true);
            // VACUUM FULL keeps rows that a running transaction may still see: the writers' long transactions end first
            awaitXminPast(st, deleted, log);
            st.execute("VACUUM FULL accounts");
            long after = filenode(st, "accounts");
            if (before == after) {
                throw new AssertionError("the harness: VACUUM FULL did not rewrite accounts (relfilenode " + before + ")");
            }
            long[] coldAfter = coldRowsInCopiedRanges(st, slot);
            log.line("filler deleted, VACUUM FULL accounts: relfilenode " + before + " -> " + after + "; cold rows in the " + coldAfter[1]
                    + " ranges copied before the kill: " + coldBefore[0] + " before, " + coldAfter[0] + " after");
            if (coldAfter[0] == 0) {
                throw new AssertionError("the harness: VACUUM FULL moved no cold row into a range copied before the kill");
            }
        }
    }

    private static long xid(Statement st) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT pg_current_xact_id()::text::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits until no session's snapshot and no slot is older than transaction {@code xid}, up to 60 s. */
    private static void awaitXminPast(Statement st, long xid, RunLog log) throws SQLException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            // a transaction that wrote before the delete holds the horizon by its xid even between statements, when it has
            // no snapshot (backend_xmin NULL): VACUUM FULL then keeps the filler (seen once on PostgreSQL 14 in CI)
            try (ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND "
                    + "(backend_xmin::text::bigint <= " + xid + " OR backend_xid::text::bigint <= " + xid + ")) + (SELECT count(*) FROM "
                    + "pg_replication_slots WHERE xmin::text::bigint <= " + xid + ") + (SELECT count(*) FROM pg_prepared_xacts WHERE "
                    + "transaction::text::bigint <= " + xid + ")")) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            try {
                Thread.sleep(50); // polling pg_stat_activity
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.line("some session's snapshot still predates the delete of the filler rows after 60 s; VACUUM FULL keeps them");
    }

    /** {cold rows of accounts in the blocks of ranges its plan marks copied, those ranges}. */
    private static long[] coldRowsInCopiedRanges(Statement st, String slot) throws SQLException {
        String copied = "FROM doris_cdc.snapshot_ranges r WHERE r.pipeline = '" + slot + "' AND r.table_name = 'accounts' AND r.done_at IS NOT NULL";
        try (ResultSet rs = st.executeQuery("SELECT (SELECT count(*) FROM accounts a WHERE a.id BETWEEN " + COLD + " AND " + (COLD + COLD_ROWS)
                + " AND EXISTS (SELECT 1 " + copied + " AND a.ctid >= ('(' || r.start_block || ',0)')::tid"
                + " AND (r.end_block IS NULL OR a.ctid < ('(' || r.end_block || ',0)')::tid))), (SELECT count(*) " + copied + ")")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    private static long filenode(Statement st, String table) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT pg_relation_filenode('" + table + "')")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
