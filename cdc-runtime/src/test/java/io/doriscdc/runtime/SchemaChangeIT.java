package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Columns added while streaming never lose their values in silence (ARCHITECTURE.md invariant 8):
 * a column Doris already has is loaded from the next row on; one it lacks stops the table with the
 * statement to run, holding the slot, and after it the replay converges; a column added inside a
 * streamed transaction applies at its place in the replay.
 */
@PostgresTest
class SchemaChangeIT {

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

    private static PipelineConfig config(String slot, String table) {
        return builder(slot, table).build();
    }

    private static PipelineConfig.Builder builder(String slot, String table) {
        return PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot(slot).publication(slot).route("public." + table, "db", table)
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .batchMaxRows(200).batchMaxAge(Duration.ofMillis(50)).statusInterval(Duration.ofSeconds(1));
    }

    private static void dorisTable(String name, String columns) {
        emu.sql("db", "CREATE TABLE db." + name + " (" + columns + ") UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"
                + " PROPERTIES (\"function_column.sequence_type\" = \"largeint\")");
    }

    @Test
    void addRenameWidenAndDropReachDorisInWalOrderAndEveryValueWithThem() throws Exception {
        // the reproduction of the issue, while streaming: each change followed by rows that need it
        PG.execute("CREATE TABLE evolving (id int PRIMARY KEY, note text, qty int, flag bool, big varchar(10))",
                "INSERT INTO evolving SELECT g, 'n' || g, g, g % 2 = 0, 'b' || g FROM generate_series(1, 300) g");
        dorisTable("evolving", "id INT, note STRING, qty INT, flag BOOLEAN, big VARCHAR(40)");
        try (Pipeline p = Pipeline.create(builder("evolving", "evolving").dropColumns(true).build())) {
            p.start();
            awaitEqual("evolving");
            PG.execute("ALTER TABLE evolving ADD COLUMN added text DEFAULT 'dflt'", "UPDATE evolving SET added = 'set' WHERE id % 3 = 0",
                    "ALTER TABLE evolving RENAME COLUMN note TO remark", "UPDATE evolving SET remark = 'renamed' WHERE id % 5 = 0",
                    "ALTER TABLE evolving ALTER COLUMN qty TYPE bigint", "UPDATE evolving SET qty = 3000000000 + id WHERE id % 7 = 0",
                    "ALTER TABLE evolving ALTER COLUMN big TYPE varchar(100)", "UPDATE evolving SET big = repeat('w', 90) WHERE id = 1",
                    "ALTER TABLE evolving DROP COLUMN flag", "INSERT INTO evolving (id, remark, qty) VALUES (1000, 'after drop', 1)",
                    "BEGIN; ALTER TABLE evolving ADD COLUMN in_txn int; INSERT INTO evolving (id, in_txn) VALUES (1001, 7); COMMIT",
                    "ALTER TABLE evolving ADD COLUMN stamped timestamptz DEFAULT now()", "INSERT INTO evolving (id) VALUES (1002)");
            awaitEqual("evolving");
            assertThat(dorisColumns("evolving")).containsExactly("id", "remark", "qty", "big", "added", "in_txn", "stamped");
            assertThat(emu.sql("db", "DESC db.evolving")).anySatisfy(r -> {
                assertThat(r.get("Field")).isEqualTo("qty");
                assertThat(r.get("Type")).isEqualTo("BIGINT");
            });
            assertThat(p.status()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(TableState.STREAMING));
        }
    }

    @Test
    void aTypeChangeDorisCannotMakeStopsTheTableWithWhatToDo() throws Exception {
        PG.execute("CREATE TABLE narrowed (id int PRIMARY KEY, v text)", "INSERT INTO narrowed VALUES (1, '1')");
        dorisTable("narrowed", "id INT, v STRING");
        try (Pipeline p = Pipeline.create(config("narrowed", "narrowed"))) {
            p.start();
            awaitEqual("narrowed");
            PG.execute("INSERT INTO narrowed VALUES (2, '2')"); // the stream describes the table
            awaitEqual("narrowed");
            PG.execute("ALTER TABLE narrowed ALTER COLUMN v TYPE int USING v::int", "INSERT INTO narrowed VALUES (3, 3)");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(p.status()).singleElement().satisfies(s -> {
                assertThat(s.state()).isEqualTo(TableState.FAILED);
                assertThat(s.lastError()).contains("column v changed type").contains("cannot convert STRING").contains("doris-cdc sync");
            }));
            assertThat(emu.table("db", "narrowed").rowCount()).isEqualTo(2);
        }
    }

    @Test
    void aDroppedColumnIsKeptInDorisByDefaultAndNoLongerWritten() throws Exception {
        PG.execute("CREATE TABLE kept (id int PRIMARY KEY, v int, gone text)", "INSERT INTO kept VALUES (1, 1, 'x')");
        dorisTable("kept", "id INT, v INT, gone STRING");
        try (Pipeline p = Pipeline.create(config("kept", "kept"))) {
            p.start();
            awaitEqual("kept");
            PG.execute("ALTER TABLE kept DROP COLUMN gone", "INSERT INTO kept VALUES (2, 2)", "UPDATE kept SET v = 10 WHERE id = 1");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(EmulatorTables.doris(emu, "db", "kept", "id"))
                    .containsKeys("2").hasSize(2));
            assertThat(dorisColumns("kept")).containsExactly("id", "v", "gone");
            assertThat(p.status()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(TableState.STREAMING));
        }
    }

    @Test
    void underPolicyFailAColumnChangeStopsTheTableWithTheStatementAndTheReplayConvergesAfterIt() throws Exception {
        PG.execute("CREATE TABLE grown (id int PRIMARY KEY, v int)", "INSERT INTO grown VALUES (1, 1)");
        dorisTable("grown", "id INT, v INT");
        try (Pipeline p = Pipeline.create(builder("grown", "grown").schemaChanges(SchemaChangePolicy.FAIL).build())) {
            p.start();
            PG.execute("INSERT INTO grown VALUES (2, 2)");
            awaitEqual("grown");
            PG.execute("ALTER TABLE grown ADD COLUMN added text DEFAULT 'dflt'", "INSERT INTO grown VALUES (3, 3, 'three')",
                    "UPDATE grown SET added = 'changed' WHERE id = 1");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(p.status()).singleElement().satisfies(s -> {
                assertThat(s.state()).isEqualTo(TableState.FAILED);
                assertThat(s.lastError()).contains("added added text").contains("policies.schema-changes is fail")
                        .contains("ALTER TABLE `db`.`grown` ADD COLUMN `added` STRING NULL DEFAULT \"dflt\"");
            }));
            assertThat(emu.table("db", "grown").rowCount()).isEqualTo(2); // nothing loaded without its new column
        }
        emu.sql("db", "ALTER TABLE db.grown ADD COLUMN added STRING NULL DEFAULT 'dflt'");
        try (Pipeline p = Pipeline.create(builder("grown", "grown").schemaChanges(SchemaChangePolicy.FAIL).build())) {
            p.start();
            awaitEqual("grown");
            assertThat(p.status()).singleElement().satisfies(s -> assertThat(s.state()).isNotEqualTo(TableState.FAILED));
        }
    }

    @Test
    void aColumnAddedInsideAStreamedTransactionAppliesAtItsPlaceInTheReplay() throws Exception {
        PG.execute("ALTER SYSTEM SET logical_decoding_work_mem = '64kB'", "SELECT pg_reload_conf()");
        try {
            PG.execute("CREATE TABLE streamed_ddl (id int PRIMARY KEY, pad text)");
            dorisTable("streamed_ddl", "id INT, pad STRING"); // the pipeline adds in_txn at its place in the replay
            try (Pipeline p = Pipeline.create(config("sddl", "streamed_ddl"))) {
                p.start();
                PG.execute("BEGIN; INSERT INTO streamed_ddl SELECT g, repeat('x', 100) FROM generate_series(1, 5000) g;"
                        + " ALTER TABLE streamed_ddl ADD COLUMN in_txn int;"
                        + " INSERT INTO streamed_ddl SELECT g, repeat('y', 100), 7 FROM generate_series(5001, 10000) g; COMMIT");
                awaitEqual("streamed_ddl");
                assertThat(p.failure()).isEmpty();
            }
        } finally {
            PG.execute("ALTER SYSTEM RESET logical_decoding_work_mem", "SELECT pg_reload_conf()");
        }
    }

    @Test
    void aPublicationWithAColumnListOrARowFilterIsRefusedUnlessAccepted() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(serverVersion() >= 150000, "column lists and row filters exist from PostgreSQL 15");
        PG.execute("CREATE TABLE subset (id int PRIMARY KEY, a text, secret text)", "INSERT INTO subset VALUES (1, 'a', 's'), (2, 'b', 't')",
                "CREATE PUBLICATION subset FOR TABLE subset (id, a) WHERE (id > 1)");
        dorisTable("subset", "id INT, a STRING, secret STRING");
        assertThatThrownBy(() -> {
            try (Pipeline p = Pipeline.create(config("subset", "subset"))) {
                p.start();
            }
        }).hasMessageContaining("publication subset publishes only part of public.subset (a column list) (row filter WHERE (id > 1))")
                .hasMessageContaining("replication.accept-publication-subsets");
        try (Pipeline p = Pipeline.create(builder("subset", "subset").acceptPublicationSubsets(true).build())) {
            p.start();
            PG.execute("INSERT INTO subset VALUES (3, 'c', 'u'), (0, 'z', 'v')");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(EmulatorTables.doris(emu, "db", "subset", "id"))
                    .containsKey("3").doesNotContainKey("0"));
        }
    }

    @Test
    void storedGeneratedColumnsReachDorisFromPostgres18AndAreRefusedBefore() throws Exception {
        PG.execute("CREATE TABLE generated (id int PRIMARY KEY, price int, doubled int GENERATED ALWAYS AS (price * 2) STORED)",
                "INSERT INTO generated (id, price) VALUES (1, 10)");
        dorisTable("generated", "id INT, price INT, doubled INT");
        if (serverVersion() < 180000) {
            assertThatThrownBy(() -> {
                try (Pipeline p = Pipeline.create(config("generated", "generated"))) {
                    p.start();
                }
            }).hasMessageContaining("public.generated.doubled").hasMessageContaining("published from PostgreSQL 18");
            return;
        }
        try (Pipeline p = Pipeline.create(config("generated", "generated"))) {
            p.start();
            PG.execute("INSERT INTO generated (id, price) VALUES (2, 21)", "UPDATE generated SET price = 11 WHERE id = 1");
            awaitEqual("generated"); // the copied row and the streamed ones, with their computed values
            assertThat(EmulatorTables.doris(emu, "db", "generated", "id").get("2")).containsEntry("doubled", "42");
        }
    }

    @Test
    void aColumnWhoseBinaryFormIsNotDecodedMakesThePipelineStartAgainWithTextValues() throws Exception {
        PG.execute("CREATE TABLE shapes (id int PRIMARY KEY, v int)", "INSERT INTO shapes VALUES (1, 1)");
        dorisTable("shapes", "id INT, v INT");
        try (Pipeline p = Pipeline.create(config("shapes", "shapes"))) {
            p.start();
            PG.execute("INSERT INTO shapes VALUES (2, 2)");
            awaitEqual("shapes");
            PG.execute("ALTER TABLE shapes ADD COLUMN spot point", "INSERT INTO shapes VALUES (3, 3, '(1.5,2)')",
                    "UPDATE shapes SET spot = '(0,0)' WHERE id = 1");
            // PostgreSQL's text form of the points (JDBC would read them as PGpoint, "(1.5,2.0)")
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                var doris = EmulatorTables.doris(emu, "db", "shapes", "id");
                assertThat(doris).hasSize(3);
                assertThat(doris.get("3")).containsEntry("spot", "(1.5,2)").containsEntry("v", "3");
                assertThat(doris.get("1")).containsEntry("spot", "(0,0)");
            });
            assertThat(p.failure()).isEmpty();
            assertThat(p.isRunning()).isTrue();
        }
    }

    @Test
    void aCopyFirstAddsTheColumnsDorisLacks() throws Exception {
        PG.execute("CREATE TABLE copied_wide (id int PRIMARY KEY, v int, extra text)",
                "INSERT INTO copied_wide SELECT g, g, 'e' || g FROM generate_series(1, 500) g");
        dorisTable("copied_wide", "id INT, v INT"); // made before extra was added in PostgreSQL
        try (Pipeline p = Pipeline.create(config("copied_wide", "copied_wide"))) {
            p.start();
            awaitEqual("copied_wide"); // the copy alone: no row streams
            assertThat(dorisColumns("copied_wide")).containsExactly("id", "v", "extra");
        }
    }

    private static int serverVersion() throws Exception {
        try (Connection c = PG.connect(); var st = c.createStatement(); var rs = st.executeQuery("SHOW server_version_num")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static java.util.List<String> dorisColumns(String table) {
        return emu.sql("db", "DESC db." + table).stream().map(r -> String.valueOf(r.get("Field"))).toList();
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
