package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.api.Lsn;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 23 finding 4: {@code doris_cdc.remove_table} and {@code add_table} called while the pipeline
 * is stopped change the mapping at the command's stream position on the replay, not at start: a
 * change committed before the remove still reaches Doris, and the remove then takes the table out of
 * the pipeline's own publication.
 */
@PostgresTest
class MappingsAtPositionIT {

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

    private static void dorisTable(String name) {
        emu.sql("db", "CREATE TABLE db." + name + " (id INT, v INT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"
                + " PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
    }

    private static Pipeline pipeline(String slot) {
        return pipeline(slot, FailurePolicy.STOP_PIPELINE);
    }

    private static Pipeline pipeline(String slot, FailurePolicy failures) {
        return Pipeline.create(PipelineConfig.builder().failurePolicy(failures)
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot(slot).publication(slot).route("public." + slot + "_base", "db", slot + "_base").sqlControlPlane(true)
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .batchMaxRows(100).batchMaxAge(Duration.ofMillis(50)).statusInterval(Duration.ofSeconds(1)).build());
    }

    @Test
    void anUpdateCommittedBeforeARemoveWhileStoppedReachesDorisAndTheTableLeavesThePublication() throws Exception {
        for (String t : new String[] {"rm_base", "rm_gone"}) {
            PG.execute("CREATE TABLE " + t + " (id int PRIMARY KEY, v int)", "INSERT INTO " + t + " SELECT g, 0 FROM generate_series(1, 50) g");
            dorisTable(t);
        }
        try (Pipeline p = pipeline("rm")) {
            p.start();
            PG.execute("SELECT doris_cdc.add_table('public.rm_gone', 'db', 'rm_gone', pipeline => 'rm')");
            awaitEqual("rm_gone");
        }
        PG.execute("UPDATE rm_gone SET v = 1 WHERE id <= 10", "SELECT doris_cdc.remove_table('public.rm_gone', pipeline => 'rm')",
                "UPDATE rm_gone SET v = 2 WHERE id <= 5"); // after the remove: never loaded
        try (Pipeline p = pipeline("rm")) {
            p.start();
            awaitCaughtUp(p);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(published("rm")).doesNotContain("rm_gone"));
            assertThat(p.status()).noneMatch(s -> s.route().source().name().equals("rm_gone"));
            assertThat(p.failure()).isEmpty();
        }
        var doris = EmulatorTables.doris(emu, "db", "rm_gone", "id");
        assertThat(doris.get("3")).containsEntry("v", "1"); // the update before the remove, not the one after
        assertThat(doris.get("10")).containsEntry("v", "1");
        assertThat(doris.get("11")).containsEntry("v", "0");
    }

    @Test
    void anAddAndARemoveWhileStoppedBothApplyAtTheirPositionInOneRun() throws Exception {
        for (String t : new String[] {"mix_base", "mix_out", "mix_in"}) {
            PG.execute("CREATE TABLE " + t + " (id int PRIMARY KEY, v int)", "INSERT INTO " + t + " SELECT g, 0 FROM generate_series(1, 20) g");
            dorisTable(t);
        }
        try (Pipeline p = pipeline("mix")) {
            p.start();
            PG.execute("SELECT doris_cdc.add_table('public.mix_out', 'db', 'mix_out', pipeline => 'mix')");
            awaitEqual("mix_out");
        }
        PG.execute("UPDATE mix_out SET v = 7 WHERE id = 1", "SELECT doris_cdc.remove_table('public.mix_out', pipeline => 'mix')",
                "UPDATE mix_in SET v = 5 WHERE id = 2", "SELECT doris_cdc.add_table('public.mix_in', 'db', 'mix_in', pipeline => 'mix')",
                "UPDATE mix_in SET v = 6 WHERE id = 3");
        try (Pipeline p = pipeline("mix")) {
            p.start();
            awaitEqual("mix_in");
            awaitCaughtUp(p);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(published("mix")).doesNotContain("mix_out").contains("mix_in"));
            assertThat(p.failure()).isEmpty();
        }
        assertThat(EmulatorTables.doris(emu, "db", "mix_out", "id").get("1")).containsEntry("v", "7");
        try (Connection c = PG.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM doris_cdc.commands m WHERE pipeline = 'mix'"
                     + " AND NOT EXISTS (SELECT 1 FROM doris_cdc.applied_commands a WHERE a.command_id = m.id)")) {
            rs.next();
            assertThat(rs.getLong(1)).as("every command applied and recorded").isZero();
        }
    }

    @Test
    void aTableThatFailedBeforeItsRemoveIsMappedAgainUpToTheRemoveOnTheNextStart() throws Exception {
        for (String t : new String[] {"fl_base", "fl_gone"}) {
            PG.execute("CREATE TABLE " + t + " (id int PRIMARY KEY, v int)", "INSERT INTO " + t + " SELECT g, 0 FROM generate_series(1, 20) g");
            dorisTable(t);
        }
        try (Pipeline p = pipeline("fl", FailurePolicy.STOP_TABLE)) {
            p.start();
            PG.execute("SELECT doris_cdc.add_table('public.fl_gone', 'db', 'fl_gone', pipeline => 'fl')");
            awaitEqual("fl_gone");
            emu.faults().failNextLoads(1, "Fail", "[DATA_QUALITY_ERROR]refused for the test");
            PG.execute("UPDATE fl_gone SET v = 9 WHERE id = 1");
            await().atMost(Duration.ofSeconds(30)).until(() -> p.status().stream()
                    .anyMatch(s -> s.route().source().name().equals("fl_gone") && s.state() == TableState.FAILED));
            PG.execute("SELECT doris_cdc.remove_table('public.fl_gone', pipeline => 'fl')");
            await().atMost(Duration.ofSeconds(30)).until(() -> p.status().stream().noneMatch(s -> s.route().source().name().equals("fl_gone")));
        } finally {
            emu.faults().clear();
        }
        try (Pipeline p = pipeline("fl", FailurePolicy.STOP_TABLE)) {
            p.start(); // the remove is not recorded as applied: the table is mapped again up to it, and the update delivered
            awaitCaughtUp(p);
            assertThat(p.failure()).isEmpty();
        }
        assertThat(EmulatorTables.doris(emu, "db", "fl_gone", "id").get("1")).containsEntry("v", "9");
    }

    /** Waits until the pipeline acknowledged everything written so far: what it loads, it has loaded. */
    private static void awaitCaughtUp(Pipeline p) throws SQLException {
        Lsn now;
        try (Connection c = PG.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            now = Lsn.parse(rs.getString(1));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> p.acknowledgedLsn().compareTo(now) >= 0);
    }

    private static java.util.List<String> published(String publication) throws SQLException {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Connection c = PG.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT tablename FROM pg_publication_tables WHERE pubname = '" + publication + "'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void awaitEqual(String table) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            try (Connection c = PG.connect()) {
                var pg = EmulatorTables.postgres(c, table, "id");
                var doris = EmulatorTables.doris(emu, "db", table, "id");
                assertThat(doris).withFailMessage(() -> table + ": " + EmulatorTables.differences(pg, doris)).isEqualTo(pg);
            }
        });
    }
}
