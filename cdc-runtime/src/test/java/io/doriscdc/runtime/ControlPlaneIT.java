package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SQL control plane inside PostgreSQL: {@code doris_cdc.add_table/remove_table/sync_table}
 * reach the pipeline in WAL order, refuse bad input and callers without the role, and
 * {@code doris_cdc.status} follows the pipeline.
 */
@PostgresTest
class ControlPlaneIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    static DorisEmulator emu;
    static Pipeline pipeline;

    @BeforeAll
    static void start() throws Exception {
        emu = DorisEmulator.builder().backends(1).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
        for (String t : List.of("base", "late", "gone", "resync")) {
            PG.execute("CREATE TABLE " + t + " (id bigint PRIMARY KEY, v int, t text)");
            emu.sql("db", "CREATE TABLE db." + t + " (id BIGINT, v INT, t STRING) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2 "
                    + "PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
        }
        PG.execute("CREATE TABLE nokey (v int)");
        pipeline = Pipeline.create(PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("control").publication("control").route("public.base", "db", "base")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .batchMaxAge(Duration.ofMillis(100)).statusInterval(Duration.ofSeconds(1))
                .build());
        pipeline.start();
    }

    @AfterAll
    static void stop() {
        pipeline.stop();
        emu.close();
    }

    @Test
    void aTableAddedBySqlInTheMiddleOfAWorkloadConverges() throws Exception {
        PG.execute("INSERT INTO late SELECT g, g, 'before' FROM generate_series(1, 2000) g");
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> write("late", writing));
        writer.start();
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        PG.execute("SELECT doris_cdc.add_table('public.late', 'db', 'late')");
        await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
        writing.set(false);
        writer.join();
        awaitEqual("late");
        assertThat(pipeline.status()).anyMatch(s -> s.route().source().name().equals("late"));
    }

    @Test
    void aTableRemovedBySqlStopsReceivingChangesAtThatCommit() throws Exception {
        PG.execute("SELECT doris_cdc.add_table('public.gone', 'db', 'gone')");
        PG.execute("INSERT INTO gone SELECT g, g, 'kept' FROM generate_series(1, 100) g");
        awaitEqual("gone");
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("UPDATE gone SET t = 'same txn, before removal' WHERE id = 1");
            st.execute("SELECT doris_cdc.remove_table('public.gone')");
            c.commit();
        }
        PG.execute("INSERT INTO gone SELECT g, g, 'after' FROM generate_series(101, 200) g", "DELETE FROM gone WHERE id <= 10");
        PG.execute("INSERT INTO base VALUES (999999, 0, 'marker')"); // a later change of a mapped table, to know the stream passed
        await().atMost(Duration.ofSeconds(60)).until(() -> emu.table("db", "base").rows().stream().anyMatch(r -> r.get("id").equals(999999L)));
        assertThat(emu.table("db", "gone").rowCount()).isEqualTo(100);
        assertThat(emu.table("db", "gone").rows()).noneMatch(r -> "after".equals(r.get("t")));
        assertThat(emu.table("db", "gone").rows()).anyMatch(r -> "same txn, before removal".equals(r.get("t")));
    }

    @Test
    void syncTableRecopiesATableThatDorisLost() throws Exception {
        PG.execute("SELECT doris_cdc.add_table('public.resync', 'db', 'resync')");
        PG.execute("INSERT INTO resync SELECT g, g, 'x' FROM generate_series(1, 500) g");
        awaitEqual("resync");
        emu.sql("db", "TRUNCATE TABLE db.resync"); // the Doris-side loss
        assertThat(emu.table("db", "resync").rowCount()).isZero();
        PG.execute("SELECT doris_cdc.sync_table('public.resync', 100)");
        awaitEqual("resync");
    }

    @Test
    void badCallsAreRefusedWithClearErrorsAndChangeNothing() throws Exception {
        List<String> before = mappings();
        assertThatThrownBy(() -> PG.execute("SELECT doris_cdc.add_table('public.nokey', 'db', 'nokey')"))
                .hasMessageContaining("has no primary key").hasMessageContaining("REPLICA IDENTITY USING INDEX");
        assertThatThrownBy(() -> PG.execute("SELECT doris_cdc.add_table('public.nosuch', 'db', 'x')"))
                .hasMessageContaining("\"public.nosuch\" does not exist");
        assertThatThrownBy(() -> PG.execute("SELECT doris_cdc.add_table('public.late', 'db', 'bad name')"))
                .hasMessageContaining("invalid Doris table name 'bad name'");
        assertThatThrownBy(() -> PG.execute("SELECT doris_cdc.add_table('public.late', '1db', 'ok')"))
                .hasMessageContaining("invalid Doris database name '1db'");
        assertThatThrownBy(() -> PG.execute("SELECT doris_cdc.sync_table('public.base', 0)"))
                .hasMessageContaining("batch size 0 is out of range");
        assertThatThrownBy(() -> PG.execute("SELECT doris_cdc.remove_table('public.nokey')"))
                .hasMessageContaining("is not mapped");
        PG.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'plain_user') THEN "
                + "CREATE ROLE plain_user LOGIN PASSWORD 'pw'; END IF; END $$", "GRANT ALL ON ALL TABLES IN SCHEMA public TO plain_user");
        try (Connection plain = DriverManager.getConnection(PG.jdbcUrl(), "plain_user", "pw"); Statement st = plain.createStatement()) {
            assertThatThrownBy(() -> st.execute("SELECT doris_cdc.add_table('public.late', 'db', 'late2')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
        assertThat(mappings()).isEqualTo(before);
    }

    @Test
    void membersOfTheAdminRoleMayCallTheFunctions() throws Exception {
        PG.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cdc_operator') THEN "
                + "CREATE ROLE cdc_operator LOGIN PASSWORD 'pw'; END IF; END $$", "GRANT doris_cdc_admin TO cdc_operator");
        try (Connection op = DriverManager.getConnection(PG.jdbcUrl(), "cdc_operator", "pw"); Statement st = op.createStatement()) {
            st.execute("SELECT doris_cdc.sync_table('public.base')");
            // the status writer's first report may still be on its way when this test runs first
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM doris_cdc.status")) {
                    rs.next();
                    assertThat(rs.getLong(1)).isPositive();
                }
            });
        }
    }

    @Test
    void theStatusViewShowsStatesAndALagThatFallsToZeroWhenIdle() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            try (Connection c = PG.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT status, lag_bytes, updated_at FROM doris_cdc.status WHERE \"table\" = 'public.base'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("STREAMING");
                assertThat(rs.getLong(2)).isZero();
            }
        });
    }

    private static List<String> mappings() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = PG.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT table_schema || '.' || table_name || '->' || doris_db || '.' || doris_table FROM doris_cdc.mappings ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static void write(String table, AtomicBoolean writing) {
        Random random = new Random(3);
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            while (writing.get()) {
                int id = 1 + random.nextInt(3000);
                switch (random.nextInt(3)) {
                    case 0 -> st.execute("INSERT INTO " + table + " VALUES (" + id + ", 0, 'w') ON CONFLICT (id) DO UPDATE SET v = " + table + ".v + 1");
                    case 1 -> st.execute("DELETE FROM " + table + " WHERE id = " + id);
                    default -> st.execute("UPDATE " + table + " SET t = 'u' || v WHERE id = " + id);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitEqual(String table) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            try (Connection c = PG.connect()) {
                assertThat(EmulatorTables.doris(emu, "db", table, "id")).isEqualTo(EmulatorTables.postgres(c, table, "id"));
            }
        });
    }
}
