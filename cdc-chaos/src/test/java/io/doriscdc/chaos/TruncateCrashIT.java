package io.doriscdc.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code BEGIN; TRUNCATE t; INSERT INTO t SELECT … 60 rows; COMMIT;} with the truncate policy
 * PROPAGATE, and the pipeline process SIGKILLed at one exact point around it — the emulator's hooks
 * run the kill on its handler thread while the request is being processed. After a restart, and after
 * more inserts, Doris must hold exactly PostgreSQL's rows: a replayed TRUNCATE must not wipe out the
 * rows loaded after it.
 */
@PostgresTest
class TruncateCrashIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    static DorisEmulator emu;

    /** Where the pipeline process dies. */
    enum KillPoint {
        /** its TRUNCATE has reached Doris, which has not applied it (and will not: the client is gone) */
        BEFORE_DORIS_TRUNCATE,
        /** Doris has applied its TRUNCATE; the answer is not sent yet */
        AFTER_DORIS_TRUNCATE,
        /** Doris has committed the load of the 60 rows; the answer is not sent yet */
        AFTER_NEXT_LOAD_COMMITTED,
        /** the load was answered, but the slot has not been told (confirmed_flush_lsn before the transaction's end) */
        AFTER_LOAD_BEFORE_ACKNOWLEDGEMENT
    }

    @BeforeAll
    static void start() {
        emu = DorisEmulator.builder().backends(1).start();
        emu.sql("regress", "CREATE DATABASE regress");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @ParameterizedTest(name = "killed {0}")
    @EnumSource(KillPoint.class)
    void aPipelineKilledAroundATruncateEndsWithExactlyPostgresRows(KillPoint point) throws Exception {
        String table = "trunc_" + point.ordinal();
        TableDef t = new TableDef(table, List.of(new ColumnDef("id", "int4", "INT", Family.INT), new ColumnDef("v", "text", "STRING", Family.TEXT)),
                List.of("id"), true, List.of());
        PG.execute(t.pgDdl(), "INSERT INTO " + table + " SELECT g, 'before the truncate' FROM generate_series(1, 100) g");
        emu.sql("regress", t.dorisDdl("regress"));
        Path logs = Path.of(System.getProperty("chaos.dir", "target/chaos"), "truncate-crash-" + point.name().toLowerCase(Locale.ROOT));
        // the first process reports acknowledgements to PostgreSQL only every 30 s when idle, so that case (d) can kill
        // between the answer and the acknowledgement; the second one every second
        List<String> args = List.of("url=" + PG.jdbcUrl(), "user=" + PG.user(), "password=" + PG.password(), "slot=" + table,
                "fe=127.0.0.1:" + emu.feHttpPort(), "db=regress", "tables=" + table, "truncate=PROPAGATE", "status-interval=60s");
        PipelineProcess first = PipelineProcess.start(1, args, ChildClasspath.current(), logs);
        PipelineProcess second = null;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> !first.alive() || emu.table("regress", table).rowCount() == 100);
            assertThat(first.alive()).as("the first pipeline process (%s): %s", first.log(), first.failure()).isTrue();

            CountDownLatch killed = new CountDownLatch(1);
            AtomicBoolean once = new AtomicBoolean();
            AtomicReference<String> dorisAtKill = new AtomicReference<>();
            Runnable kill = () -> {
                if (once.compareAndSet(false, true)) {
                    first.kill();
                    dorisAtKill.set(emu.table("regress", table).rowCount() + " rows");
                    killed.countDown();
                }
            };
            arm(point, table, kill);
            String txnEnd;
            try (Connection c = PG.connect(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("TRUNCATE " + table);
                st.execute("INSERT INTO " + table + " SELECT g, 'after the truncate' FROM generate_series(1001, 1060) g");
                c.commit();
                txnEnd = lsn(c);
            }
            if (point == KillPoint.AFTER_LOAD_BEFORE_ACKNOWLEDGEMENT) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2)).until(() -> !first.alive() || sixtyAfterTruncate(table));
                kill.run();
            }
            assertThat(killed.await(60, TimeUnit.SECONDS)).as("the kill point %s was reached; first process: %s", point, first.failure()).isTrue();
            emu.faults().clear();
            String confirmed = confirmedFlush(table);
            if (point == KillPoint.AFTER_LOAD_BEFORE_ACKNOWLEDGEMENT) {
                assertThat(before(confirmed, txnEnd)).as("the harness killed before the acknowledgement: confirmed %s, transaction end %s",
                        confirmed, txnEnd).isTrue();
            }
            System.out.println("killed " + point + ": Doris had " + dorisAtKill.get() + ", the slot confirmed " + confirmed + ", the transaction ended at " + txnEnd);

            awaitSlotReleased(table);
            List<String> quick = new java.util.ArrayList<>(args.subList(0, args.size() - 1));
            quick.add("status-interval=1s");
            second = PipelineProcess.start(2, quick, ChildClasspath.current(), logs);
            assertCaughtUpAndEqual(t, second, txnEnd, 60);
            PG.execute("INSERT INTO " + table + " SELECT g, 'later' FROM generate_series(2001, 2010) g");
            String later;
            try (Connection c = PG.connect()) {
                later = lsn(c);
            }
            assertCaughtUpAndEqual(t, second, later, 70);
        } finally {
            emu.faults().clear();
            first.kill();
            if (second != null) {
                second.kill();
            }
        }
    }

    private static void arm(KillPoint point, String table, Runnable kill) {
        Predicate<String> truncate = s -> s.toUpperCase(Locale.ROOT).startsWith("TRUNCATE") && s.contains(table);
        AtomicLong truncates = new AtomicLong();
        switch (point) {
            case BEFORE_DORIS_TRUNCATE -> emu.faults().onSql(truncate, () -> {
                kill.run();
                throw new IllegalStateException("the pipeline process died before Doris applied the TRUNCATE");
            }, null);
            case AFTER_DORIS_TRUNCATE -> emu.faults().onSql(truncate, null, kill);
            case AFTER_NEXT_LOAD_COMMITTED -> {
                emu.faults().onSql(truncate, null, truncates::incrementAndGet);
                emu.faults().onLoadCommitted("regress", table, () -> {
                    if (truncates.get() > 0) {
                        kill.run();
                    }
                });
            }
            case AFTER_LOAD_BEFORE_ACKNOWLEDGEMENT -> {
                // the test thread kills as soon as Doris shows the 60 rows
            }
        }
    }

    private static boolean sixtyAfterTruncate(String table) {
        List<java.util.Map<String, Object>> rows = emu.table("regress", table).rows();
        return rows.size() == 60 && rows.stream().allMatch(r -> ((Number) r.get("id")).intValue() > 1000);
    }

    /** Awaits the slot's acknowledgement of {@code lsn} (the replay is done), then compares the table. */
    private static void assertCaughtUpAndEqual(TableDef t, PipelineProcess p, String lsn, int rows) throws SQLException {
        await().atMost(Duration.ofSeconds(60)).until(() -> !p.alive() || !before(confirmedFlush(t.name()), lsn));
        assertThat(p.alive()).as("the pipeline process after the restart (%s): %s", p.log(), p.failure()).isTrue();
        try (Connection c = PG.connect()) {
            TableComparison cmp = TableComparison.of(t, c, emu, "regress");
            assertThat(cmp.equal()).as("after the restart, with %s acknowledged: %s", lsn, cmp.describe(3)).isTrue();
            assertThat(cmp.pgRows()).isEqualTo(rows);
        }
    }

    private static void awaitSlotReleased(String slot) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Connection c = PG.connect(); PreparedStatement ps = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
                ps.setString(1, slot);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && !rs.getBoolean(1);
                }
            }
        });
    }

    private static String confirmedFlush(String slot) throws SQLException {
        try (Connection c = PG.connect(); PreparedStatement ps = c.prepareStatement("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static boolean before(String x, String y) throws SQLException {
        try (Connection c = PG.connect(); PreparedStatement ps = c.prepareStatement("SELECT ?::pg_lsn < ?::pg_lsn")) {
            ps.setString(1, x);
            ps.setString(2, y);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static String lsn(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
