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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Found by the chaos suite (a run that never caught up): a transaction big enough for PostgreSQL to
 * stream it before its end ({@code logical_decoding_work_mem = 64kB}) that then rolls back must not
 * hold the slot back. After it, on a quiet database, the slot's confirmed_flush_lsn must reach the
 * server's WAL position, as it does after a committed one.
 */
@PostgresTest
class AbortedStreamedTransactionIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    private static final TableDef T = new TableDef("streamed", List.of(new ColumnDef("id", "int4", "INT", Family.INT),
            new ColumnDef("v", "text", "STRING", Family.TEXT)), List.of("id"), true, List.of());

    static DorisEmulator emu;

    @BeforeAll
    static void start() throws SQLException {
        emu = DorisEmulator.builder().backends(1).start();
        emu.sql("regress", "CREATE DATABASE regress");
        emu.sql("regress", T.dorisDdl("regress"));
        PG.execute("ALTER DATABASE \"" + PG.databaseName() + "\" SET logical_decoding_work_mem = '64kB'", T.pgDdl());
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void aStreamedTransactionThatRollsBackDoesNotHoldTheSlotBack() throws Exception {
        PipelineConfig config = PipelineConfig.builder().postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("streamed").publication("streamed").transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .statusInterval(Duration.ofSeconds(1)).route("public.streamed", "regress", "streamed").build();
        try (Pipeline pipeline = Pipeline.create(config)) {
            pipeline.start();
            bigTransaction(1, "COMMIT");
            awaitCaughtUp(pipeline, "after a streamed transaction that commits");
            bigTransaction(10_001, "ROLLBACK");
            awaitCaughtUp(pipeline, "after a streamed transaction that rolls back");
            try (Connection c = PG.connect()) {
                TableComparison cmp = TableComparison.of(T, c, emu, "regress");
                assertThat(cmp.equal()).as(cmp.describe(3)).isTrue();
                assertThat(cmp.pgRows()).isEqualTo(5_000);
            }
            assertThat(pipeline.failure()).isEmpty();
        }
    }

    /**
     * 5,000 rows of 100 bytes, far over 64 kB; the transaction ends only once PostgreSQL has streamed it
     * (PostgreSQL 18 no longer streams a transaction it already knows to be aborted).
     */
    private static void bigTransaction(int firstId, String end) throws SQLException {
        long streamedBefore = streamedTransactions();
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("INSERT INTO streamed SELECT g, repeat('x', 100) FROM generate_series(" + firstId + ", " + (firstId + 4_999) + ") g");
            await().atMost(Duration.ofSeconds(30)).until(() -> streamedTransactions() > streamedBefore);
            if (end.equals("COMMIT")) {
                c.commit();
            } else {
                c.rollback();
            }
        }
    }

    private static void awaitCaughtUp(Pipeline pipeline, String when) throws SQLException {
        String target;
        try (Connection c = PG.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            target = rs.getString(1);
        }
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.failure().isPresent() || confirmedAtLeast(target));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(when + ": the slot's confirmed_flush_lsn is " + confirmed() + " 30 s later, still before " + target
                    + " (PostgreSQL's position right after it)", e);
        }
        assertThat(pipeline.failure()).as(when).isEmpty();
    }

    private static boolean confirmedAtLeast(String lsn) throws SQLException {
        try (Connection c = PG.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT confirmed_flush_lsn >= ?::pg_lsn FROM pg_replication_slots WHERE slot_name = 'streamed'")) {
            ps.setString(1, lsn);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static String confirmed() throws SQLException {
        try (Connection c = PG.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = 'streamed'")) {
            return rs.next() ? rs.getString(1) : "(no slot)";
        }
    }

    private static long streamedTransactions() throws SQLException {
        try (Connection c = PG.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(sum(stream_txns), 0) FROM pg_stat_replication_slots WHERE slot_name = 'streamed'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
