package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ARCHITECTURE.md invariant 9: only {@code doris_cdc_admin} steers a pipeline. An unprivileged role
 * can neither call the functions nor forge their effect with {@code pg_logical_emit_message} (which
 * PUBLIC may execute); random, huge and malformed messages and bad commands never stop the worker,
 * and the tables keep converging.
 */
@PostgresTest
class ControlPlaneSecurityIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    static DorisEmulator emu;
    static Pipeline pipeline;

    @BeforeAll
    static void start() throws Exception {
        emu = DorisEmulator.builder().backends(1).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
        PG.execute("CREATE TABLE guarded (id int PRIMARY KEY, v int)", "CREATE TABLE other (id int PRIMARY KEY)",
                "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mallory') THEN CREATE ROLE mallory LOGIN; END IF; END $$",
                "GRANT USAGE ON SCHEMA public TO mallory");
        for (String t : new String[] {"guarded", "other"}) {
            emu.sql("db", "CREATE TABLE db." + t + " (id INT" + (t.equals("guarded") ? ", v INT" : "") + ") UNIQUE KEY(id) DISTRIBUTED BY HASH(id)"
                    + " BUCKETS 1 PROPERTIES (\"function_column.sequence_type\" = \"largeint\")");
        }
        pipeline = Pipeline.create(PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("guard").publication("guard").route("public.guarded", "db", "guarded").sqlControlPlane(true)
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .batchMaxAge(Duration.ofMillis(50)).statusInterval(Duration.ofSeconds(1)).build());
        pipeline.start();
    }

    @AfterAll
    static void stop() {
        pipeline.stop();
        emu.close();
    }

    @Test
    void anUnprivilegedRoleCannotCallTheFunctions() throws Exception {
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            st.execute("SET ROLE mallory");
            assertThatThrownBy(() -> st.execute("SELECT doris_cdc.remove_table('public.guarded')")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("SELECT doris_cdc.add_table('public.other', 'db', 'other')")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("SELECT doris_cdc.sync_table('public.guarded', 0)")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> st.execute("INSERT INTO doris_cdc.commands (pipeline, op, table_schema, table_name)"
                    + " VALUES ('guard', 'remove_table', 'public', 'guarded')")).hasMessageContaining("permission denied");
        }
        stillStreams(1);
    }

    @Test
    void forgedRandomHugeAndMalformedMessagesAreIgnoredAndTheStreamGoesOn() throws Exception {
        Random random = new Random(99);
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            st.execute("SET ROLE mallory");
            st.execute("SELECT pg_logical_emit_message(true, 'doris_cdc', json_build_object('op','remove_table','pipeline','guard',"
                    + "'schema','public','table','guarded')::text)");
            st.execute("SELECT pg_logical_emit_message(true, 'doris_cdc', json_build_object('op','add_table','pipeline','guard',"
                    + "'schema','public','table','other','doris_db','db','doris_table','other')::text)");
            st.execute("SELECT pg_logical_emit_message(false, 'doris_cdc', '{\"op\":\"sync_table\",\"pipeline\":\"guard\",\"schema\":\"public\","
                    + "\"table\":\"guarded\",\"batch_size\":\"0\"}')");
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_logical_emit_message(?, 'doris_cdc', ?::bytea)")) {
                for (int i = 0; i < 40; i++) {
                    byte[] payload = new byte[i % 10 == 0 ? 1 << 20 : random.nextInt(300)];
                    random.nextBytes(payload);
                    ps.setBoolean(1, random.nextBoolean());
                    ps.setBytes(2, payload);
                    ps.execute();
                }
            }
        }
        stillStreams(2);
        assertThat(pipeline.status()).noneMatch(s -> s.route().source().name().equals("other")).anyMatch(s -> s.route().source().name().equals("guarded"));
        assertThat(pipeline.isRunning()).isTrue();
    }

    @Test
    void commandsThatBreakTheRulesAreRefusedAndReportedWithoutStoppingTheWorker() throws Exception {
        // written straight into the table by a superuser, past the functions' checks
        PG.execute("INSERT INTO doris_cdc.commands (pipeline, op, table_schema, table_name, doris_db, doris_table)"
                        + " VALUES ('guard', 'add_table', 'public', 'other', 'db', 'bad name')",
                "INSERT INTO doris_cdc.commands (pipeline, op, table_schema, table_name, doris_db, doris_table)"
                        + " VALUES ('guard', 'add_table', 'public', 'other', 'dätabase', 'other')",
                "INSERT INTO doris_cdc.commands (pipeline, op, table_schema, table_name, batch_size) VALUES ('guard', 'sync_table', 'public', 'guarded', 0)",
                "INSERT INTO doris_cdc.commands (pipeline, op, table_schema, table_name) VALUES ('guard', 'add_table', 'public', 'other')",
                "INSERT INTO doris_cdc.commands (pipeline, op, table_schema, table_name, doris_db, doris_table)"
                        + " VALUES ('guard', 'add_table', 'public', 'no_such_table', 'db', 'x')");
        stillStreams(3);
        assertThat(pipeline.status()).noneMatch(s -> s.route().source().name().equals("other")).anyMatch(s -> s.route().source().name().equals("guarded"));
        assertThat(pipeline.isRunning()).isTrue();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            try (Connection c = PG.connect(); Statement st = c.createStatement();
                 var rs = st.executeQuery("SELECT status, last_error FROM doris_cdc.status WHERE \"table\" IN ('public.other', 'public.no_such_table')")) {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    assertThat(rs.getString(1)).isEqualTo("REFUSED");
                    assertThat(rs.getString(2)).isNotBlank();
                }
                assertThat(rows).isGreaterThanOrEqualTo(1);
            }
        });
    }

    @Test
    void anAdminStillSteersThePipeline() throws Exception {
        PG.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'alice') THEN CREATE ROLE alice LOGIN; END IF; END $$",
                "GRANT doris_cdc_admin TO alice", "GRANT USAGE ON SCHEMA public TO alice");
        PG.execute("CREATE TABLE steered (id int PRIMARY KEY)", "INSERT INTO steered SELECT generate_series(1, 20)");
        emu.sql("db", "CREATE TABLE db.steered (id INT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"
                + " PROPERTIES (\"function_column.sequence_type\" = \"largeint\")");
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            st.execute("SET ROLE alice");
            st.execute("SELECT doris_cdc.add_table('public.steered', 'db', 'steered', pipeline => 'guard')");
        }
        awaitEqual("steered");
    }

    private static int marker = 1000;

    /** A change after the hostile input reaches Doris, and the whole table is equal. */
    private static void stillStreams(int round) throws Exception {
        PG.execute("INSERT INTO guarded VALUES (" + (marker++) + ", " + round + ")", "UPDATE guarded SET v = v + 1");
        awaitEqual("guarded");
        assertThat(pipeline.failure()).isEmpty();
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
