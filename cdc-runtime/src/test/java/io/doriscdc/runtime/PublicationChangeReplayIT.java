package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.api.Lsn;
import io.doriscdc.api.PipelineListener;
import io.doriscdc.api.transport.Batch;
import io.doriscdc.api.transport.DeliveryOutcome;
import io.doriscdc.api.transport.DeliveryReceipt;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 23, finding 6: a change's stream position (and so its Doris version, its batch's label and
 * the record of an applied TRUNCATE) must not depend on which other tables are published. Changes
 * of two mapped tables interleaved with a table outside the publication are delivered to Doris, the
 * slot is put back before them as a crash between the Doris commits and the acknowledgement leaves
 * it, another table joins what the pipeline reads, and the replay must load nothing under a label
 * that named other changes, must not apply the recorded TRUNCATE again, and must end equal.
 */
@PostgresTest
class PublicationChangeReplayIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    static DorisEmulator emu;

    @BeforeAll
    static void start() throws Exception {
        emu = DorisEmulator.builder().backends(1).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    /** What one batch held: the same label must always name the same rows (BatchLabels). */
    private record Content(String first, String last, int rows, long bytes) {
        static Content of(Batch b) {
            return new Content(b.first().toString(), b.last().toString(), b.payload().rowCount(), b.payload().byteCount());
        }
    }

    /** Records every batch Doris committed, and every batch Doris skipped as already loaded under a label that held other rows. */
    private static final class Labels implements PipelineListener {
        final Map<String, Content> committed;
        final List<String> wrongSkips = new CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger skipped = new java.util.concurrent.atomic.AtomicInteger();

        Labels(Map<String, Content> committed) {
            this.committed = committed;
        }

        @Override
        public void batchDelivered(Batch batch, DeliveryReceipt receipt) {
            Content c = Content.of(batch);
            if (receipt.outcome() == DeliveryOutcome.ALREADY_COMMITTED) {
                skipped.incrementAndGet();
                Content before = committed.get(batch.label());
                if (before != null && !before.equals(c)) {
                    wrongSkips.add(batch.label() + ": loaded with " + before + ", skipped with " + c);
                }
            } else {
                committed.put(batch.label(), c);
            }
        }
    }

    private static PipelineConfig.Builder pipeline(String name, String publication, PipelineListener listener) {
        return PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot(name).publication(publication)
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                // one change per batch: the batch boundaries, and so the labels, are the same in both runs
                .batchMaxRows(1).batchMaxAge(Duration.ofMillis(20)).statusInterval(Duration.ofSeconds(1))
                .truncatePolicy(TruncatePolicy.PROPAGATE).listener(listener)
                .route("public." + name + "_a", "db", name + "_a").route("public." + name + "_b", "db", name + "_b");
    }

    @Test
    void aPipelineMovedToAPublicationThatAlsoCarriesAnotherTableReplaysAtTheSamePositions() throws Exception {
        // the operator's publication carries x all along; the pipeline reads it from the restart on
        crashAndReplay("moved", new String[] {"CREATE PUBLICATION moved_wide FOR TABLE moved_a, moved_b, moved_x"}, new String[0],
                "moved_wide", 0);
    }

    @Test
    void aStreamedTransactionReplaysAtTheSamePositionsToo() throws Exception {
        // the truncating transaction outgrows logical_decoding_work_mem: pgoutput streams it in blocks before its commit,
        // and the pipeline gives its changes their positions when it replays them at the commit
        PG.execute("ALTER SYSTEM SET logical_decoding_work_mem = '64kB'", "SELECT pg_reload_conf()");
        try {
            crashAndReplay("streamed", new String[] {"CREATE PUBLICATION streamed_wide FOR TABLE streamed_a, streamed_b, streamed_x"},
                    new String[0], "streamed_wide", 3_000);
        } finally {
            PG.execute("ALTER SYSTEM RESET logical_decoding_work_mem", "SELECT pg_reload_conf()");
        }
    }

    @Test
    void aTableAddedToThePublicationAfterTheCrashChangesNothingOfTheReplay() throws Exception {
        // PostgreSQL decodes with the catalog as of each change (historic snapshots, "Logical Decoding Output Plugins" in
        // its documentation): x's earlier changes stay unpublished in the replay; its later ones still count in no position
        crashAndReplay("added", new String[0], new String[] {"ALTER PUBLICATION added ADD TABLE added_x", "INSERT INTO added_x VALUES (100, 'x')"},
                "added", 0);
    }

    /**
     * Streams the workload into Doris, puts the slot back before it (as a crash between the Doris
     * commits and the acknowledgement leaves it), runs {@code beforeRestart}, replays from
     * {@code publicationAfter}, and checks the replay.
     *
     * @param bulkX rows of x the truncating transaction also inserts (enough make it a streamed transaction)
     */
    private static void crashAndReplay(String name, String[] beforeWorkload, String[] beforeRestart, String publicationAfter, int bulkX)
            throws Exception {
        String a = name + "_a";
        String b = name + "_b";
        String x = name + "_x";
        PG.execute("CREATE TABLE " + a + " (id int PRIMARY KEY, v text)", "CREATE TABLE " + b + " (id int PRIMARY KEY, v text)",
                "CREATE TABLE " + x + " (id int PRIMARY KEY, v text)",
                "INSERT INTO " + a + " SELECT g, 'initial' FROM generate_series(1, 5) g",
                "INSERT INTO " + b + " SELECT g, 'initial' FROM generate_series(1, 5) g");
        for (String t : List.of(a, b)) {
            emu.sql("db", "CREATE TABLE db." + t + " (id INT, v STRING) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"
                    + " PROPERTIES (\"function_column.sequence_type\" = \"largeint\")");
        }
        if (beforeWorkload.length > 0) {
            PG.execute(beforeWorkload);
        }
        Map<String, Content> committed = new ConcurrentHashMap<>();
        Lsn end;
        try (Pipeline p = Pipeline.create(pipeline(name, name, new Labels(committed)).build())) {
            p.start();
            await().atMost(Duration.ofMinutes(1)).until(() -> p.status().stream().allMatch(s -> s.state() == TableState.STREAMING));
            awaitEqual(a);
            awaitEqual(b);
            // the slot as a crash after the Doris commits of what follows, before its acknowledgement, leaves it
            PG.execute("SELECT pg_copy_logical_replication_slot('" + name + "', '" + name + "_saved')");
            workload(a, b, x, bulkX);
            end = currentWal();
            awaitEqual(a);
            awaitEqual(b);
            await().atMost(Duration.ofMinutes(1)).until(() -> !confirmedFlush(name).isBefore(end));
            assertThat(p.failure()).isEmpty();
        }
        if (bulkX > 0) { // the walsender's statistics reach the view when it exits, with the pipeline
            await().atMost(Duration.ofSeconds(30)).until(() -> streamedTransactions(name) > 0);
        }
        String truncateRecord = appliedTruncate(name, b);
        assertThat(truncateRecord).isNotNull();
        PG.execute("SELECT pg_drop_replication_slot('" + name + "')",
                "SELECT pg_copy_logical_replication_slot('" + name + "_saved', '" + name + "')",
                "SELECT pg_drop_replication_slot('" + name + "_saved')");
        assertThat(confirmedFlush(name)).isLessThan(end);
        if (beforeRestart.length > 0) {
            PG.execute(beforeRestart);
        }

        Labels replay = new Labels(committed);
        try (Pipeline p = Pipeline.create(pipeline(name, publicationAfter, replay).build())) {
            p.start();
            await().atMost(Duration.ofMinutes(1)).until(() -> !confirmedFlush(name).isBefore(end) || p.failure().isPresent());
            assertThat(p.failure()).isEmpty();
            SoftAssertions soft = new SoftAssertions();
            soft.assertThat(replay.skipped.get()).as("batches the replay found committed already").isPositive();
            soft.assertThat(replay.wrongSkips).as("batches skipped as 'Label Already Exists' although the label named other rows").isEmpty();
            soft.assertThat(appliedTruncate(name, b)).as("the TRUNCATE of " + b + " recorded as applied is not applied again")
                    .isEqualTo(truncateRecord);
            for (String t : List.of(a, b)) {
                try (Connection c = PG.connect()) {
                    var pg = EmulatorTables.postgres(c, t, "id");
                    var doris = EmulatorTables.doris(emu, "db", t, "id");
                    soft.assertThat(doris).as(t + ": " + EmulatorTables.differences(pg, doris)).isEqualTo(pg);
                }
            }
            soft.assertAll();
        }
    }

    /** Changes of a and b interleaved with x's, which the pipeline's publication does not carry. */
    private static void workload(String a, String b, String x, int bulkX) throws Exception {
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("INSERT INTO " + a + " VALUES (10, 'ten')");
            st.execute("INSERT INTO " + x + " VALUES (1, 'x')");
            st.execute("UPDATE " + b + " SET v = 'first update of one' WHERE id = 1");
            st.execute("INSERT INTO " + x + " VALUES (2, 'x')");
            st.execute("UPDATE " + b + " SET v = 'second' WHERE id = 1"); // the same key twice: the later must win
            st.execute("INSERT INTO " + x + " VALUES (3, 'x')");
            st.execute("UPDATE " + a + " SET v = 'first update of a one' WHERE id = 1");
            st.execute("UPDATE " + a + " SET v = 'a2' WHERE id = 1");
            c.commit();
            st.execute("INSERT INTO " + b + " VALUES (20, 'before the truncate')");
            st.execute("INSERT INTO " + x + " VALUES (4, 'x')");
            st.execute("TRUNCATE " + b);
            if (bulkX > 0) {
                st.execute("INSERT INTO " + x + " SELECT g, repeat('x', 100) FROM generate_series(1000, " + (999 + bulkX) + ") g");
            }
            st.execute("INSERT INTO " + x + " VALUES (5, 'x')");
            for (int i = 21; i <= 24; i++) {
                st.execute("INSERT INTO " + b + " VALUES (" + i + ", 'after the truncate " + i + "')");
            }
            st.execute("INSERT INTO " + x + " VALUES (6, 'x')");
            st.execute("UPDATE " + a + " SET v = 'two' WHERE id = 2");
            st.execute("INSERT INTO " + b + " VALUES (25, 'last of the truncating transaction')");
            c.commit();
            st.execute("INSERT INTO " + x + " VALUES (7, 'x')");
            st.execute("INSERT INTO " + b + " VALUES (30, 'thirty')");
            st.execute("UPDATE " + b + " SET v = 'thirty, updated' WHERE id = 30");
            st.execute("INSERT INTO " + x + " VALUES (8, 'x')");
            st.execute("UPDATE " + b + " SET v = 'thirty, updated twice' WHERE id = 30");
            st.execute("INSERT INTO " + a + " VALUES (31, 'thirty-one')");
            c.commit();
        }
    }

    private static void awaitEqual(String table) {
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertEqual(table));
    }

    private static void assertEqual(String table) throws Exception {
        try (Connection c = PG.connect()) {
            var pg = EmulatorTables.postgres(c, table, "id");
            var doris = EmulatorTables.doris(emu, "db", table, "id");
            assertThat(doris).withFailMessage(() -> table + ": " + EmulatorTables.differences(pg, doris)).isEqualTo(pg);
        }
    }

    private static String appliedTruncate(String pipeline, String table) throws Exception {
        try (Connection c = PG.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT commit_lsn::text || '#' || ordinal || ' at ' || applied_at"
                     + " FROM doris_cdc.applied_truncates WHERE pipeline = '" + pipeline + "' AND table_name = '" + table + "'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static long streamedTransactions(String slot) throws Exception {
        try (Connection c = PG.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT stream_txns FROM pg_stat_replication_slots WHERE slot_name = '" + slot + "'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static Lsn currentWal() throws Exception {
        try (Connection c = PG.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            return Lsn.parse(rs.getString(1));
        }
    }

    private static Lsn confirmedFlush(String slot) throws Exception {
        try (Connection c = PG.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
            rs.next();
            return Lsn.parse(rs.getString(1));
        }
    }
}
