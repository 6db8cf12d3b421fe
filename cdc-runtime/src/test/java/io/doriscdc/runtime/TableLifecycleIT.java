package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.api.TableId;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Copies and the table lifecycle (ARCHITECTURE.md invariants 7 and 8): updates racing a copy,
 * TRUNCATE during a copy, tables added while the pipeline was stopped, partitioned tables, and
 * published tables that no route maps. Each test compares the Doris table with PostgreSQL's.
 */
@PostgresTest
class TableLifecycleIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    static DorisEmulator emu;

    @BeforeAll
    static void start() throws Exception {
        emu = DorisEmulator.builder().backends(2).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static void dorisTable(String name, String columns, String key) {
        emu.sql("db", "CREATE TABLE db." + name + " (" + columns + ") UNIQUE KEY(" + key + ") DISTRIBUTED BY HASH(" + key + ") BUCKETS 2"
                + " PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
    }

    private static PipelineConfig.Builder pipeline(String slot) {
        return PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot(slot).publication(slot)
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .batchMaxRows(500).batchMaxAge(Duration.ofMillis(100)).statusInterval(Duration.ofSeconds(1));
    }

    @Test
    void toastOnlyUpdatesOfKeysTheCopyHasNotLoadedKeepTheirValues() throws Exception {
        // the reproduction: big text stored out of line, updated by statements that do not touch it
        // while the copy runs (after a larger table, one copy connection)
        PG.execute("CREATE TABLE tb_first (id int PRIMARY KEY, pad text)",
                "INSERT INTO tb_first SELECT g, repeat('p', 200) FROM generate_series(1, 60000) g",
                "CREATE TABLE toasty (id int PRIMARY KEY, n int NOT NULL, big text)",
                "ALTER TABLE toasty ALTER COLUMN big SET STORAGE EXTERNAL",
                "INSERT INTO toasty SELECT g, 0, repeat(md5(g::text), 300) FROM generate_series(1, 3000) g");
        dorisTable("tb_first", "id INT, pad STRING", "id");
        dorisTable("toasty", "id INT, n INT, big STRING", "id");
        AtomicBoolean updating = new AtomicBoolean(true);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread updater = new Thread(() -> {
            try (Connection c = PG.connect(); Statement st = c.createStatement()) {
                for (int i = 0; updating.get(); i = (i + 1) % 40) {
                    st.execute("UPDATE toasty SET n = n + 1 WHERE id % 40 = " + i);
                }
            } catch (Exception e) {
                failure.set(e);
            }
        }, "toast-only-updates");
        try (Pipeline p = Pipeline.create(pipeline("toasty").route("public.tb_first", "db", "tb_first").route("public.toasty", "db", "toasty")
                .snapshotParallelism(1).snapshotBatchRows(1_000).build())) {
            updater.start();
            p.start();
            await().atMost(Duration.ofMinutes(2)).until(() -> p.status().stream().allMatch(s -> s.state() == TableState.STREAMING));
            updating.set(false);
            updater.join();
            assertThat(failure.get()).isNull();
            awaitEqual("toasty", "id");
            assertThat(p.failure()).isEmpty();
        }
    }

    @Test
    void aTruncateDuringTheCopyIsNotUndoneByLaterCopyBatches() throws Exception {
        PG.execute("CREATE TABLE trunc_copy (id int PRIMARY KEY, v text)",
                "INSERT INTO trunc_copy SELECT g, 'before' FROM generate_series(1, 40000) g");
        dorisTable("trunc_copy", "id INT, v STRING", "id");
        try (Pipeline p = Pipeline.create(pipeline("trunccopy").route("public.trunc_copy", "db", "trunc_copy")
                .snapshotParallelism(1).snapshotBatchRows(500).snapshotChunkPages(16).truncatePolicy(TruncatePolicy.PROPAGATE).build())) {
            // PostgreSQL makes the TRUNCATE wait for the copy's snapshot transactions (their ACCESS SHARE
            // locks); it can still meet the copy's last loads in flight, which CopyGate orders
            p.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> emu.table("db", "trunc_copy").rowCount() > 0);
            PG.execute("BEGIN; TRUNCATE trunc_copy; INSERT INTO trunc_copy SELECT g, 'after' FROM generate_series(1, 50) g; COMMIT");
            await().atMost(Duration.ofMinutes(2)).until(() -> p.status().stream().allMatch(s -> s.state() == TableState.STREAMING));
            PG.execute("INSERT INTO trunc_copy VALUES (100000, 'later')");
            awaitEqual("trunc_copy", "id");
        }
    }

    @Test
    void aTableAddedToTheConfigurationOnARestartIsCopied() throws Exception {
        PG.execute("CREATE TABLE cfg_a (id int PRIMARY KEY)", "CREATE TABLE cfg_b (id int PRIMARY KEY, s text)",
                "INSERT INTO cfg_b SELECT g, 'existing' FROM generate_series(1, 700) g");
        dorisTable("cfg_a", "id INT", "id");
        dorisTable("cfg_b", "id INT, s STRING", "id");
        try (Pipeline p = Pipeline.create(pipeline("cfgadd").route("public.cfg_a", "db", "cfg_a").build())) {
            p.start();
            PG.execute("INSERT INTO cfg_a VALUES (1)");
            awaitEqual("cfg_a", "id");
        }
        PG.execute("INSERT INTO cfg_b VALUES (701, 'while stopped')");
        try (Pipeline p = Pipeline.create(pipeline("cfgadd").route("public.cfg_a", "db", "cfg_a").route("public.cfg_b", "db", "cfg_b").build())) {
            p.start();
            PG.execute("UPDATE cfg_b SET s = 'after restart' WHERE id <= 10");
            awaitEqual("cfg_b", "id");
        }
    }

    @Test
    void aTableAddedBySqlWhileThePipelineWasStoppedIsCopied() throws Exception {
        PG.execute("CREATE TABLE sql_a (id int PRIMARY KEY)", "CREATE TABLE sql_b (id int PRIMARY KEY, s text)",
                "INSERT INTO sql_b SELECT g, 'existing' FROM generate_series(1, 300) g");
        dorisTable("sql_a", "id INT", "id");
        dorisTable("sql_b", "id INT, s STRING", "id");
        try (Pipeline p = Pipeline.create(pipeline("sqladd").route("public.sql_a", "db", "sql_a").sqlControlPlane(true).build())) {
            p.start();
        }
        PG.execute("SELECT doris_cdc.add_table('public.sql_b', 'db', 'sql_b', pipeline => 'sqladd')");
        try (Pipeline p = Pipeline.create(pipeline("sqladd").route("public.sql_a", "db", "sql_a").sqlControlPlane(true).build())) {
            p.start();
            awaitEqual("sql_b", "id");
        }
    }

    @Test
    void everyPartitionOfAMappedPartitionedTableStreamsIntoItsTableAcrossRestarts() throws Exception {
        PG.execute("CREATE TABLE parted (region text, id int, v int, PRIMARY KEY (region, id)) PARTITION BY LIST (region)",
                "CREATE TABLE parted_eu PARTITION OF parted FOR VALUES IN ('eu')",
                "CREATE TABLE parted_us PARTITION OF parted FOR VALUES IN ('us') PARTITION BY RANGE (id)",
                "CREATE TABLE parted_us_low PARTITION OF parted_us FOR VALUES FROM (0) TO (1000)",
                "CREATE TABLE parted_us_high PARTITION OF parted_us FOR VALUES FROM (1000) TO (100000)");
        dorisTable("parted", "region VARCHAR(10), id INT, v INT", "region, id");
        for (int round = 0; round < 2; round++) { // the second start must not fail on the publication
            try (Pipeline p = Pipeline.create(pipeline("parted").route("public.parted", "db", "parted").build())) {
                p.start();
                PG.execute("INSERT INTO parted SELECT CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END, g + " + round * 5000 + ", g"
                        + " FROM generate_series(1, 3000) g",
                        "CREATE TABLE IF NOT EXISTS parted_asia PARTITION OF parted FOR VALUES IN ('asia')",
                        "INSERT INTO parted VALUES ('asia', " + round + ", 1)",
                        "UPDATE parted SET v = -v WHERE id % 7 = 0", "DELETE FROM parted WHERE id % 11 = 0",
                        "UPDATE parted SET region = 'eu' WHERE region = 'us' AND id % 13 = 0"); // moves rows between partitions
                awaitEqual("parted", "region", "id");
                assertThat(p.unmappedChanges()).isEmpty();
            }
        }
    }

    @Test
    void changesOfAPublishedTableThatNoRouteMapsAreCountedNotSilentlyDropped() throws Exception {
        PG.execute("CREATE TABLE mapped_t (id int PRIMARY KEY)", "CREATE TABLE unmapped_t (id int PRIMARY KEY)",
                "CREATE PUBLICATION wide FOR TABLE mapped_t, unmapped_t");
        dorisTable("mapped_t", "id INT", "id");
        try (Pipeline p = Pipeline.create(pipeline("wide").route("public.mapped_t", "db", "mapped_t").build())) {
            p.start();
            PG.execute("INSERT INTO unmapped_t SELECT generate_series(1, 5)", "INSERT INTO mapped_t VALUES (1)");
            awaitEqual("mapped_t", "id");
            assertThat(p.unmappedChanges()).containsEntry(TableId.of("public", "unmapped_t"), 5L);
        }
    }

    @Test
    void theLibraryCreatesMissingDorisTablesAtStartAndForATableAddedOnline() throws Exception {
        PG.execute("CREATE TABLE made_at_start (id int PRIMARY KEY, name varchar(20), amount numeric(12,2), at timestamptz)",
                "INSERT INTO made_at_start SELECT g, 'n' || g, g * 1.5, '2026-01-01'::timestamptz + g * interval '1 hour' "
                        + "FROM generate_series(1, 200) g",
                "CREATE TABLE made_online (k text, n bigint, PRIMARY KEY (k))", "INSERT INTO made_online VALUES ('a', 1), ('b', 2)");
        try (Pipeline p = Pipeline.create(pipeline("made").route("public.made_at_start", "db", "made_at_start").createTables(true).build())) {
            p.start();
            awaitEqual("made_at_start", "id");
            PG.execute("SELECT doris_cdc.add_table('public.made_online', 'db', 'made_online', 'made')", "INSERT INTO made_online VALUES ('c', 3)");
            awaitEqual("made_online", "k");
            assertThat(emu.sql("db", "SHOW CREATE TABLE db.made_online").get(0).values().toString())
                    .contains("UNIQUE KEY").contains("largeint");
        }
    }

    @Test
    void partitionsPublishedUnderTheirOwnNamesByAPublicationThePipelineDoesNotOwnGoToTheirRoot() throws Exception {
        // an administrator's publication without publish_via_partition_root, and a pipeline user who cannot change it
        PG.execute("CREATE TABLE byleaf (region text NOT NULL, id int NOT NULL, v int, note text, PRIMARY KEY (region, id))"
                        + " PARTITION BY LIST (region)",
                "CREATE TABLE byleaf_eu PARTITION OF byleaf FOR VALUES IN ('eu')",
                "CREATE TABLE byleaf_us (note text, v int, id int NOT NULL, region text NOT NULL)", // another column order
                "ALTER TABLE byleaf ATTACH PARTITION byleaf_us FOR VALUES IN ('us')",
                "CREATE PUBLICATION byleaf FOR TABLE byleaf",
                "CREATE ROLE leaf_reader LOGIN REPLICATION PASSWORD 'leaf'", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO leaf_reader");
        dorisTable("byleaf", "region VARCHAR(10), id INT, v INT, note STRING", "region, id");
        PipelineConfig cfg = pipeline("byleaf").user("leaf_reader").password("leaf").route("public.byleaf", "db", "byleaf")
                .sqlControlPlane(false).initialSnapshot(false).truncatePolicy(TruncatePolicy.IGNORE)
                .highAvailability(false) // its lease needs the doris_cdc schema, which this user may not create
                .build();
        try (Pipeline p = Pipeline.create(cfg)) {
            p.start();
            PG.execute("INSERT INTO byleaf SELECT CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END, g, g, 'n' || g FROM generate_series(1, 400) g",
                    "UPDATE byleaf SET v = -v WHERE id % 3 = 0", "DELETE FROM byleaf WHERE id % 7 = 0",
                    "UPDATE byleaf SET region = 'eu' WHERE region = 'us' AND id % 5 = 0", // moves rows between partitions
                    "ALTER TABLE byleaf ADD COLUMN added int DEFAULT 5", "UPDATE byleaf SET added = id WHERE id % 11 = 0");
            awaitEqual("byleaf", "region", "id");
            assertThat(p.unmappedChanges()).isEmpty();
        }
    }

    private static void awaitEqual(String table, String... key) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            try (Connection c = PG.connect()) {
                var pg = EmulatorTables.postgres(c, table, key);
                var doris = EmulatorTables.doris(emu, "db", table, key);
                assertThat(doris).withFailMessage(() -> table + ": " + EmulatorTables.differences(pg, doris)).isEqualTo(pg);
            }
        });
    }
}
