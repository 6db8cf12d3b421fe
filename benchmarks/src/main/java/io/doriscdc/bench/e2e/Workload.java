package io.doriscdc.bench.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The harnesses' table and writes: a 10-column table (bigint key, int, numeric, two texts, timestamptz,
 * uuid, jsonb, boolean and an always-NULL text) and a change backlog of batched (1,000-row transactions)
 * and single-row inserts, updates and deletes, generated inside PostgreSQL (DO blocks that COMMIT), so
 * the client's speed does not shape the WAL. Stateless.
 */
final class Workload {

    static final String TABLE = "public.bench_items";
    static final String DORIS_DB = "bench";

    /** Columns of the Doris target, in PostgreSQL's order (the mapping the CLI would generate). */
    static final String DORIS_COLUMNS = "`id` BIGINT NOT NULL, `qty` INT NULL, `price` DECIMAL(12,2) NULL, `name` STRING NULL, "
            + "`note` STRING NULL, `created` DATETIME(6) NULL, `ref` VARCHAR(36) NULL, `attrs` JSON NULL, `active` BOOLEAN NULL, "
            + "`extra` STRING NULL";

    /** The row for key {@code g} (an SQL expression list over the integer variable {@code g}). */
    private static final String ROW = "g, (g % 1000)::int, (g % 100000) / 100.0, 'item ' || g, 'note \"' || md5(g::text) || '\" ok', "
            + "timestamptz '2026-01-01 00:00:00+00' + g * interval '1.5 seconds', md5(g::text)::uuid, "
            + "jsonb_build_object('k', g % 7, 'tags', jsonb_build_array('a', g % 5)), g % 2 = 0, NULL";

    private static final String UPDATE_SET = "qty = qty + 1, price = price + 0.01, note = 'updated ' || id, "
            + "created = created + interval '1 second', attrs = attrs || '{\"u\": 1}'";

    /** How many changes of each kind a backlog of about {@code total} changes holds. */
    record Mix(long batchedInserts, long singleInserts, long batchedUpdates, long singleUpdates, long deletes) {
        static Mix of(long total) {
            long single = Math.max(1, total / 50 / 1000) * 1000; // 2 % single-row inserts, 2 % single-row updates
            long bi = Math.max(1, total * 46 / 100 / 1000) * 1000;
            long bu = Math.max(1, total * 36 / 100 / 1000) * 1000;
            long del = Math.max(1, total * 14 / 100 / 1000) * 1000;
            return new Mix(bi, single, bu, single, del);
        }

        long total() {
            return batchedInserts + singleInserts + batchedUpdates + singleUpdates + deletes;
        }

        long transactions() {
            return batchedInserts / 1000 + singleInserts + batchedUpdates / 1000 + singleUpdates + deletes / 1000;
        }
    }

    private Workload() {
    }

    static void createTable(Connection c) throws SQLException {
        createTable(c, TABLE);
    }

    /** The harness table under another name (the sharding harness writes two). */
    static void createTable(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + table);
            st.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, qty int NOT NULL, price numeric(12,2), name text, note text, "
                    + "created timestamptz, ref uuid, attrs jsonb, active boolean, extra text)");
        }
    }

    static String dorisDdl(String table) {
        return "CREATE TABLE `" + DORIS_DB + "`.`" + table + "` (" + DORIS_COLUMNS + ") UNIQUE KEY(`id`) DISTRIBUTED BY HASH(`id`) BUCKETS 4 "
                + "PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")";
    }

    /** Fills the table with keys 1..rows in one statement, then freezes it so that no reader pays for hint bits. */
    static void fill(BenchPostgres pg, long rows) throws SQLException {
        try (Connection c = simple(pg); Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + TABLE + " SELECT " + ROW + " FROM generate_series(1, " + rows + ") g");
            st.execute("VACUUM (FREEZE, ANALYZE) " + TABLE);
            st.execute("CHECKPOINT");
        }
    }

    /**
     * Writes a backlog on keys above {@code base} and returns the WAL insert position right after its last
     * commit (the commit's end: what a consumer has confirmed once it has everything).
     */
    static String backlog(BenchPostgres pg, Mix m, long base) throws SQLException {
        return backlog(pg, m, base, TABLE);
    }

    /** As {@link #backlog(BenchPostgres, Mix, long)}, on another table of the same columns. */
    static String backlog(BenchPostgres pg, Mix m, long base, String table) throws SQLException {
        try (Connection c = simple(pg); Statement st = c.createStatement()) {
            long bi = m.batchedInserts();
            long si = m.singleInserts();
            // batched inserts of base+1..base+bi, then single-row inserts of the next si keys
            st.execute("DO $$ BEGIN FOR s IN 0.." + (bi / 1000 - 1) + " LOOP INSERT INTO " + table + " SELECT " + ROW
                    + " FROM generate_series(" + base + " + s * 1000 + 1, " + base + " + s * 1000 + 1000) g; COMMIT; END LOOP; END $$");
            st.execute("DO $$ BEGIN FOR g IN " + (base + bi + 1) + ".." + (base + bi + si) + " LOOP INSERT INTO " + table + " SELECT " + ROW
                    + "; COMMIT; END LOOP; END $$");
            // batched updates of the first bu keys, single-row updates of the next ones
            long bu = m.batchedUpdates();
            st.execute("DO $$ BEGIN FOR s IN 0.." + (bu / 1000 - 1) + " LOOP UPDATE " + table + " SET " + UPDATE_SET + " WHERE id BETWEEN "
                    + base + " + s * 1000 + 1 AND " + base + " + s * 1000 + 1000; COMMIT; END LOOP; END $$");
            st.execute("DO $$ BEGIN FOR g IN " + (base + bu + 1) + ".." + (base + bu + m.singleUpdates()) + " LOOP UPDATE " + table + " SET "
                    + UPDATE_SET + " WHERE id = g; COMMIT; END LOOP; END $$");
            // batched deletes from the top of the key range
            long top = base + bi + si;
            st.execute("DO $$ BEGIN FOR s IN 0.." + (m.deletes() / 1000 - 1) + " LOOP DELETE FROM " + table + " WHERE id BETWEEN "
                    + top + " - s * 1000 - 999 AND " + top + " - s * 1000; COMMIT; END LOOP; END $$");
            try (ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** A prepared statement's SQL that inserts the rows of keys {@code ?..?} (two bigint parameters) in one statement. */
    static String insertRangeSql() {
        return "INSERT INTO " + TABLE + " SELECT " + ROW + " FROM generate_series(?::bigint, ?::bigint) g";
    }

    /** Rows the table holds after a backlog (inserts minus deletes). */
    static long rowsAfter(Mix m) {
        return m.batchedInserts() + m.singleInserts() - m.deletes();
    }

    /** A connection in simple query mode: DO blocks that COMMIT need to run outside any transaction block. */
    private static Connection simple(BenchPostgres pg) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", pg.user());
        p.setProperty("password", pg.password());
        p.setProperty("preferQueryMode", "simple");
        return DriverManager.getConnection(pg.jdbcUrl(), p);
    }
}
