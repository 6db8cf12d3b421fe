package io.doriscdc.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.Pipeline;
import io.doriscdc.runtime.PipelineConfig;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The overlapping transactions that killed the pipeline: session A inserts and stays open (it sleeps
 * 2 s in the server); 1.5 s after A's insert, session B inserts and commits; then A commits. B's
 * change comes first in the stream (commit order) but has the higher LSN, A's the lower one, and
 * both land in one batch — which the pipeline refused with "batch …: last LSN … is before first LSN …".
 * The pipeline must stay alive and Doris must hold both rows.
 */
@PostgresTest
class OverlappingTransactionsIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    private static final TableDef T = new TableDef("overlap", List.of(new ColumnDef("id", "int4", "INT", Family.INT),
            new ColumnDef("v", "text", "STRING", Family.TEXT)), List.of("id"), true, List.of());

    static DorisEmulator emu;

    @BeforeAll
    static void start() throws SQLException {
        emu = DorisEmulator.builder().backends(1).start();
        emu.sql("regress", "CREATE DATABASE regress");
        emu.sql("regress", T.dorisDdl("regress"));
        PG.execute(T.pgDdl());
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void aTransactionCommittedWhileAnEarlierOneIsOpenKeepsThePipelineAliveAndBothRowsArrive() throws Exception {
        PipelineConfig config = PipelineConfig.builder().postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("overlap").publication("overlap").transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .route("public.overlap", "regress", "overlap").build();
        try (Pipeline pipeline = Pipeline.create(config); Connection a = PG.connect(); Connection b = PG.connect()) {
            pipeline.start();
            a.setAutoCommit(false);
            int aPid = pid(a);
            try (Statement st = a.createStatement()) {
                st.execute("INSERT INTO overlap VALUES (1, 'from A, committed last')");
            }
            long aInserted = System.nanoTime();
            CompletableFuture<String> aCommit = CompletableFuture.supplyAsync(() -> sleepThenCommit(a));
            await().atMost(Duration.ofSeconds(10)).until(() -> sleeping(aPid));
            long wait = TimeUnit.MILLISECONDS.toNanos(1500) - (System.nanoTime() - aInserted);
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait); // the moment of the reported case: 1.5 s after A's insert, A still asleep in the server
            }
            String bCommitted;
            try (Statement st = b.createStatement()) {
                st.execute("INSERT INTO overlap VALUES (2, 'from B, committed first')");
                bCommitted = lsn(b);
            }
            String aCommitted = aCommit.get(30, TimeUnit.SECONDS);
            assertThat(before(b, bCommitted, aCommitted)).as("the harness: B (%s) committed before A (%s)", bCommitted, aCommitted).isTrue();

            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.failure().isPresent() || equal());
            assertThat(pipeline.failure()).as("the pipeline's failure").isEmpty();
            assertThat(pipeline.isRunning()).isTrue();
            try (Connection c = PG.connect()) {
                TableComparison cmp = TableComparison.of(T, c, emu, "regress");
                assertThat(cmp.equal()).as(cmp.describe(3)).isTrue();
                assertThat(cmp.pgRows()).isEqualTo(2);
            }
        }
    }

    private static boolean equal() throws SQLException {
        try (Connection c = PG.connect()) {
            TableComparison cmp = TableComparison.of(T, c, emu, "regress");
            return cmp.equal() && cmp.pgRows() == 2;
        }
    }

    private static String sleepThenCommit(Connection a) {
        try (Statement st = a.createStatement()) {
            st.execute("SELECT pg_sleep(2)");
            a.commit();
            return lsn(a);
        } catch (SQLException e) {
            throw new IllegalStateException("session A failed: " + e.getMessage(), e);
        }
    }

    private static boolean sleeping(int pid) throws SQLException {
        try (Connection c = PG.connect();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ? AND state = 'active' AND query LIKE '%pg_sleep%'")) {
            ps.setInt(1, pid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String lsn(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean before(Connection c, String x, String y) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::pg_lsn < ?::pg_lsn")) {
            ps.setString(1, x);
            ps.setString(2, y);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
