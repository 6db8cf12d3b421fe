package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.doriscdc.api.ConfigException;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the source must be for the pipeline to replicate a table exactly (issue 23), checked at
 * start and when a table is added: the key is the index's key attributes (never its INCLUDE
 * columns); a table without a unique key is refused, REPLICA IDENTITY FULL or not.
 */
@PostgresTest
class SourceChecksIT {

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

    static PipelineConfig.Builder pipeline(String slot) {
        return PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot(slot).publication(slot)
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .batchMaxRows(500).batchMaxAge(Duration.ofMillis(100)).statusInterval(Duration.ofSeconds(1));
    }

    @Test
    void aPrimaryKeyWithIncludeColumnsKeysDorisOnItsKeyColumnsAndStreamsDeletes() throws Exception {
        PG.execute("CREATE TABLE covering (a int, b int, c text, PRIMARY KEY (a) INCLUDE (b))",
                "INSERT INTO covering SELECT g, g * 10, 'c' || g FROM generate_series(1, 50) g");
        try (Pipeline p = Pipeline.create(pipeline("covering").route("public.covering", "db", "covering").createTables(true).build())) {
            p.start();
            awaitEqual("covering", "a");
            PG.execute("INSERT INTO covering VALUES (51, 510, 'new')", "UPDATE covering SET b = -b, c = 'u' WHERE a % 3 = 0",
                    "DELETE FROM covering WHERE a % 4 = 0", "UPDATE covering SET a = a + 1000 WHERE a % 5 = 0");
            awaitEqual("covering", "a");
            assertThat(keyColumns("covering")).containsExactly("a");
            assertThat(p.status()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(TableState.STREAMING));
        }
    }

    @Test
    void aReplicaIdentityIndexWithIncludeColumnsKeysDorisOnItsKeyColumns() throws Exception {
        PG.execute("CREATE TABLE ri_covering (id bigserial PRIMARY KEY, code text NOT NULL, extra int)",
                "CREATE UNIQUE INDEX ri_covering_code ON ri_covering (code) INCLUDE (extra)",
                "ALTER TABLE ri_covering REPLICA IDENTITY USING INDEX ri_covering_code",
                "INSERT INTO ri_covering (code, extra) SELECT 'k' || g, g FROM generate_series(1, 30) g");
        try (Pipeline p = Pipeline.create(pipeline("ri_covering").route("public.ri_covering", "db", "ri_covering").createTables(true).build())) {
            p.start();
            awaitEqual("ri_covering", "code");
            PG.execute("UPDATE ri_covering SET extra = -extra WHERE id % 2 = 0", "DELETE FROM ri_covering WHERE id % 3 = 0");
            awaitEqual("ri_covering", "code");
            assertThat(keyColumns("ri_covering")).containsExactly("code");
        }
    }

    @Test
    void replicaIdentityFullWithoutAPrimaryKeyIsRefusedAtStartWithTheStatementsToRun() throws Exception {
        PG.execute("CREATE TABLE full_nokey (a int, b text)", "ALTER TABLE full_nokey REPLICA IDENTITY FULL");
        Pipeline p = Pipeline.create(pipeline("full_nokey").route("public.full_nokey", "db", "full_nokey").createTables(true).build());
        assertThatThrownBy(p::start).isInstanceOf(ConfigException.class)
                .hasMessageContaining("table public.full_nokey has no primary key and REPLICA IDENTITY FULL")
                .hasMessageContaining("ALTER TABLE \"public\".\"full_nokey\" ADD PRIMARY KEY (<columns>)")
                .hasMessageContaining("ALTER TABLE \"public\".\"full_nokey\" REPLICA IDENTITY USING INDEX");
    }

    @Test
    void replicaIdentityFullWithoutAPrimaryKeyIsRefusedByAddTableInJavaAndSql() throws Exception {
        PG.execute("CREATE TABLE full_pk (id int PRIMARY KEY, v text)", "ALTER TABLE full_pk REPLICA IDENTITY FULL",
                "CREATE TABLE full_added (a int, b text)", "ALTER TABLE full_added REPLICA IDENTITY FULL");
        try (Pipeline p = Pipeline.create(pipeline("full_pk").route("public.full_pk", "db", "full_pk").createTables(true)
                .highAvailability(false).build())) {
            p.start(); // REPLICA IDENTITY FULL with a primary key: keyed on the primary key
            PG.execute("INSERT INTO full_pk VALUES (1, 'a'), (2, 'b')", "UPDATE full_pk SET id = id * 10");
            awaitEqual("full_pk", "id");
            assertThat(keyColumns("full_pk")).containsExactly("id");
            assertThatThrownBy(() -> p.addTable("public.full_added", "db", "full_added")).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("table public.full_added has no primary key and REPLICA IDENTITY FULL")
                    .hasMessageContaining("REPLICA IDENTITY USING INDEX");
            assertThatThrownBy(() -> PG.execute("SELECT doris_cdc.add_table('public.full_added', 'db', 'full_added', 'full_pk')"))
                    .hasMessageContaining("full_added has no primary key (replica identity FULL, which is no unique key)")
                    .hasMessageContaining("REPLICA IDENTITY USING INDEX");
            assertThat(p.status()).singleElement().satisfies(s -> assertThat(s.route().source().name()).isEqualTo("full_pk"));
        }
    }

    @Test
    void aReusedSlotWithTwoPhaseDecodingIsRefusedWithTheResync() throws Exception {
        PG.execute("CREATE TABLE tp (id int PRIMARY KEY)",
                "SELECT pg_create_logical_replication_slot('tp', 'pgoutput', false, true)"); // two_phase (PostgreSQL 14+)
        try {
            Pipeline p = Pipeline.create(pipeline("tp").route("public.tp", "db", "tp").build());
            assertThatThrownBy(p::start).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("replication slot tp was created with two_phase = true")
                    .hasMessageContaining("SELECT pg_drop_replication_slot('tp');")
                    .hasMessageContaining("TRUNCATE TABLE `db`.`tp`;");
        } finally {
            PG.execute("SELECT pg_drop_replication_slot('tp')");
        }
    }

    @Test
    void aPublicationThatLeavesOutAnOperationIsRefusedWithTheStatementToRun() throws Exception {
        PG.execute("CREATE TABLE ops (id int PRIMARY KEY, v int)", "CREATE PUBLICATION ops FOR TABLE ops WITH (publish = 'insert')");
        Pipeline p = Pipeline.create(pipeline("ops").route("public.ops", "db", "ops").build());
        assertThatThrownBy(p::start).isInstanceOf(ConfigException.class)
                .hasMessageContaining("publication ops does not publish update, delete, truncate")
                .hasMessageContaining("ALTER PUBLICATION \"ops\" SET (publish = 'insert, update, delete, truncate')");
    }

    @Test
    void aPublicationWithoutTruncateIsAcceptedOnlyWhenThePipelineIgnoresTruncate() throws Exception {
        PG.execute("CREATE TABLE ops_nt (id int PRIMARY KEY, v int)",
                "CREATE PUBLICATION ops_nt FOR TABLE ops_nt WITH (publish = 'insert, update, delete')");
        Pipeline refused = Pipeline.create(pipeline("ops_nt").route("public.ops_nt", "db", "ops_nt").createTables(true).build());
        assertThatThrownBy(refused::start).isInstanceOf(ConfigException.class)
                .hasMessageContaining("publication ops_nt does not publish truncate")
                .hasMessageContaining("replication.truncate: ignore");
        try (Pipeline p = Pipeline.create(pipeline("ops_nt").route("public.ops_nt", "db", "ops_nt").createTables(true)
                .truncatePolicy(TruncatePolicy.IGNORE).build())) {
            p.start();
            PG.execute("INSERT INTO ops_nt SELECT g, g FROM generate_series(1, 20) g", "UPDATE ops_nt SET v = -v", "DELETE FROM ops_nt WHERE id > 10");
            awaitEqual("ops_nt", "id");
        }
    }

    @Test
    void unloggedTablesAndPartitionsAreRefusedAtStartAndByAddTable() throws Exception {
        PG.execute("CREATE UNLOGGED TABLE ul (id int PRIMARY KEY)",
                "CREATE TABLE ul_parted (region text NOT NULL, id int NOT NULL, PRIMARY KEY (region, id)) PARTITION BY LIST (region)",
                "CREATE TABLE ul_parted_eu PARTITION OF ul_parted FOR VALUES IN ('eu')",
                "CREATE UNLOGGED TABLE ul_parted_us PARTITION OF ul_parted FOR VALUES IN ('us')",
                "CREATE TABLE ul_ok (id int PRIMARY KEY)");
        Pipeline p = Pipeline.create(pipeline("ul").route("public.ul", "db", "ul").route("public.ul_parted", "db", "ul_parted").build());
        assertThatThrownBy(p::start).isInstanceOf(ConfigException.class)
                .hasMessageContaining("UNLOGGED table(s) public.ul, public.ul_parted_us (a partition of public.ul_parted)")
                .hasMessageContaining("ALTER TABLE public.ul SET LOGGED; ALTER TABLE public.ul_parted_us SET LOGGED;");
        try (Pipeline ok = Pipeline.create(pipeline("ul_ok").route("public.ul_ok", "db", "ul_ok").createTables(true).build())) {
            ok.start();
            assertThatThrownBy(() -> PG.execute("SELECT doris_cdc.add_table('public.ul_parted', 'db', 'ul_parted', 'ul_ok')"))
                    .hasMessageContaining("ul_parted is UNLOGGED or has UNLOGGED partitions")
                    .hasMessageContaining("ALTER TABLE public.ul_parted_us SET LOGGED;");
        }
        PG.execute("ALTER TABLE ul SET LOGGED", "ALTER TABLE ul_parted_us SET LOGGED");
        try (Pipeline fixed = Pipeline.create(pipeline("ul").route("public.ul", "db", "ul").route("public.ul_parted", "db", "ul_parted")
                .createTables(true).build())) {
            fixed.start();
            PG.execute("INSERT INTO ul VALUES (1), (2)", "INSERT INTO ul_parted VALUES ('eu', 1), ('us', 2)");
            awaitEqual("ul", "id");
            awaitEqual("ul_parted", "region", "id");
        }
    }

    @Test
    void anotherSourceSystemIsRefusedWithTheResyncAndANewTimelineIsAllowed() throws Exception {
        PG.execute("CREATE TABLE ident (id int PRIMARY KEY, v int)", "INSERT INTO ident SELECT g, g FROM generate_series(1, 20) g");
        PipelineConfig cfg = pipeline("ident").route("public.ident", "db", "ident").createTables(true).build();
        try (Pipeline p = Pipeline.create(cfg)) {
            p.start();
            awaitEqual("ident", "id");
        }
        String system = query("SELECT system_identifier::text FROM pg_control_system()");
        assertThat(query("SELECT system_identifier || '/' || timeline FROM doris_cdc.source_identity WHERE pipeline = 'ident'"))
                .isEqualTo(system + "/" + query("SELECT timeline_id::text FROM pg_control_checkpoint()"));
        // a promotion: the same system on a later timeline starts, and the new timeline is recorded
        PG.execute("UPDATE doris_cdc.source_identity SET timeline = timeline + 3 WHERE pipeline = 'ident'");
        try (Pipeline p = Pipeline.create(cfg)) {
            p.start();
            PG.execute("UPDATE ident SET v = -v WHERE id <= 5");
            awaitEqual("ident", "id");
        }
        assertThat(query("SELECT timeline::text FROM doris_cdc.source_identity WHERE pipeline = 'ident'"))
                .isEqualTo(query("SELECT timeline_id::text FROM pg_control_checkpoint()"));
        // another system (as after a dump and restore, which brings doris_cdc's applied_* rows along): refused
        PG.execute("UPDATE doris_cdc.source_identity SET system_identifier = '7000000000000000001' WHERE pipeline = 'ident'",
                "DELETE FROM ident WHERE id > 15");
        String refusal = org.assertj.core.api.Assertions.catchThrowableOfType(() -> Pipeline.create(cfg).start(), ConfigException.class).getMessage();
        assertThat(refusal).contains("pipeline ident last streamed from PostgreSQL system 7000000000000000001 (doris_cdc.source_identity),"
                        + " but this server is system " + system)
                .contains("TRUNCATE TABLE `db`.`ident`;")
                .contains("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'ident';")
                .contains("DELETE FROM doris_cdc.applied_truncates WHERE pipeline = 'ident';")
                .contains("DELETE FROM doris_cdc.applied_schema_changes WHERE pipeline = 'ident';")
                .contains("DELETE FROM doris_cdc.source_identity WHERE pipeline = 'ident';");
        // the procedure, as printed, makes Doris a fresh copy
        emu.sql("db", "TRUNCATE TABLE db.ident");
        PG.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = 'ident'", "DELETE FROM doris_cdc.applied_truncates WHERE pipeline = 'ident'",
                "DELETE FROM doris_cdc.applied_schema_changes WHERE pipeline = 'ident'", "DELETE FROM doris_cdc.snapshot_ranges WHERE pipeline = 'ident'",
                "DELETE FROM doris_cdc.source_identity WHERE pipeline = 'ident'");
        try (Pipeline p = Pipeline.create(cfg)) {
            p.start();
            awaitEqual("ident", "id");
        }
        assertThat(query("SELECT system_identifier FROM doris_cdc.source_identity WHERE pipeline = 'ident'")).isEqualTo(system);
    }

    static String query(String sql) throws Exception {
        try (Connection c = PG.connect(); java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

    static List<String> keyColumns(String table) {
        return emu.sql("db", "DESC db." + table).stream().filter(r -> "true".equals(r.get("Key"))).map(r -> String.valueOf(r.get("Field"))).toList();
    }

    static void awaitEqual(String table, String... key) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            try (Connection c = PG.connect()) {
                Map<String, Map<String, String>> pg = EmulatorTables.postgres(c, table, key);
                Map<String, Map<String, String>> doris = EmulatorTables.doris(emu, "db", table, key);
                assertThat(doris).withFailMessage(() -> table + ": " + EmulatorTables.differences(pg, doris)).isEqualTo(pg);
            }
        });
    }
}
