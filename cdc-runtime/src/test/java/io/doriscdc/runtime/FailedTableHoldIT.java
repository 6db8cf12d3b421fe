package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.api.TableId;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 23 finding 8: every path that stops a table FAILED holds the slot, here the copy path's
 * (a table added while running that cannot be published). The other table streams on; a stop
 * acknowledges nothing past the failure; after the fix a restart copies and streams the table, and
 * both tables end equal.
 */
@PostgresTest
class FailedTableHoldIT {

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

    static void dorisTable(DorisEmulator emu, String name, String columns, String key) {
        emu.sql("db", "CREATE TABLE db." + name + " (" + columns + ") UNIQUE KEY(" + key + ") DISTRIBUTED BY HASH(" + key + ") BUCKETS 1"
                + " PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
    }

    private static PipelineConfig.Builder pipeline(String slot) {
        return PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot(slot).publication(slot).sqlControlPlane(true).highAvailability(false)
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .batchMaxRows(500).batchMaxAge(Duration.ofMillis(100)).statusInterval(Duration.ofSeconds(1));
    }

    @Test
    void aTableTheCopyPathStopsHoldsTheSlotAndIsCompleteAfterTheFixAndARestart() throws Exception {
        PG.execute("CREATE TABLE hold_a (id int PRIMARY KEY, v text)",
                "CREATE TABLE hold_b (id int PRIMARY KEY, v text)",
                "INSERT INTO hold_b SELECT g, 'before' FROM generate_series(1, 50) g");
        dorisTable(emu, "hold_a", "id INT, v STRING", "id");
        dorisTable(emu, "hold_b", "id INT, v STRING", "id");
        PipelineConfig cfg = pipeline("holdfail").route("public.hold_a", "db", "hold_a").build();
        String failedAt;
        try (Pipeline p = Pipeline.create(cfg)) {
            p.start();
            PG.execute("INSERT INTO hold_a SELECT g, 'first' FROM generate_series(1, 20) g");
            awaitEqual("hold_a", "id");
            // PostgreSQL refuses to add it to the publication, as for a pipeline user that does not own the publication
            io.doriscdc.runtime.internal.Failpoints.arm(io.doriscdc.runtime.internal.Failpoints.PUBLISH,
                    () -> new java.sql.SQLException("ERROR: must be owner of publication holdfail (injected)", "42501"));
            p.addTable("public.hold_b", "db", "hold_b");
            await().atMost(Duration.ofMinutes(1)).until(() -> stateOf(p, "hold_b") == TableState.FAILED);
            TableStatus b = p.status().stream().filter(s -> s.route().source().equals(TableId.of("public", "hold_b"))).findFirst().orElseThrow();
            assertThat(b.lastError()).contains("public.hold_b").contains("ADD TABLE").contains("restart");
            failedAt = currentWalLsn(PG);
            // the other table streams on
            PG.execute("INSERT INTO hold_a SELECT g, 'second' FROM generate_series(21, 40) g", "UPDATE hold_a SET v = 'updated' WHERE id <= 5",
                    "INSERT INTO hold_b VALUES (51, 'while failed')");
            awaitEqual("hold_a", "id");
            assertThat(p.failure()).isEmpty();
        } // a graceful stop acknowledges everything it may
        assertThat(confirmedFlushAtOrBefore("holdfail", failedAt))
                .withFailMessage("the slot moved past the FAILED table's position %s", failedAt).isTrue();
        // the fix (the owner publishes it, or the failure is gone): the restart publishes it, copies it and streams it
        io.doriscdc.runtime.internal.Failpoints.disarmAll();
        PG.execute("UPDATE hold_b SET v = 'after fix' WHERE id % 10 = 0");
        try (Pipeline p = Pipeline.create(cfg)) {
            p.start();
            PG.execute("INSERT INTO hold_b VALUES (52, 'after restart')", "DELETE FROM hold_b WHERE id = 1", "INSERT INTO hold_a VALUES (41, 'x')");
            awaitEqual("hold_b", "id");
            awaitEqual("hold_a", "id");
            await().atMost(Duration.ofMinutes(1)).until(() -> stateOf(p, "hold_b") == TableState.STREAMING);
        }
    }

    private static TableState stateOf(Pipeline p, String table) {
        return p.status().stream().filter(s -> s.route().source().equals(TableId.of("public", table))).map(TableStatus::state)
                .findFirst().orElse(null);
    }

    static String currentWalLsn(PostgresExtension pg) throws Exception {
        try (Connection c = pg.connect(); ResultSet rs = c.createStatement().executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static boolean confirmedFlushAtOrBefore(PostgresExtension pg, String slot, String lsn) throws Exception {
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT confirmed_flush_lsn <= ?::pg_lsn FROM pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, lsn);
            ps.setString(2, slot);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).withFailMessage("no slot %s", slot).isTrue();
                return rs.getBoolean(1);
            }
        }
    }

    private static boolean confirmedFlushAtOrBefore(String slot, String lsn) throws Exception {
        return confirmedFlushAtOrBefore(PG, slot, lsn);
    }

    private static void awaitEqual(String table, String... key) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            try (Connection c = PG.connect()) {
                var pg = EmulatorTables.postgres(c, table, key);
                var doris = EmulatorTables.doris(emu, "db", table, key);
                assertThat(doris).withFailMessage(() -> table + ": " + EmulatorTables.differences(pg, doris)).isEqualTo(pg);
            }
        });
    }
}
