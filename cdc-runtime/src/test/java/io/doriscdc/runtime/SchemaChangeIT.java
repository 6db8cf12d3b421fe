package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
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
        return PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot(slot).publication(slot).route("public." + table, "db", table)
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .batchMaxRows(200).batchMaxAge(Duration.ofMillis(50)).statusInterval(Duration.ofSeconds(1)).build();
    }

    private static void dorisTable(String name, String columns) {
        emu.sql("db", "CREATE TABLE db." + name + " (" + columns + ") UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"
                + " PROPERTIES (\"function_column.sequence_type\" = \"largeint\")");
    }

    @Test
    void aColumnDorisLacksStopsTheTableWithTheStatementAndTheReplayConvergesAfterIt() throws Exception {
        PG.execute("CREATE TABLE grown (id int PRIMARY KEY, v int)", "INSERT INTO grown VALUES (1, 1)");
        dorisTable("grown", "id INT, v INT");
        try (Pipeline p = Pipeline.create(config("grown", "grown"))) {
            p.start();
            PG.execute("INSERT INTO grown VALUES (2, 2)");
            awaitEqual("grown");
            PG.execute("ALTER TABLE grown ADD COLUMN added text DEFAULT 'dflt'", "INSERT INTO grown VALUES (3, 3, 'three')",
                    "UPDATE grown SET added = 'changed' WHERE id = 1");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(p.status()).singleElement().satisfies(s -> {
                assertThat(s.state()).isEqualTo(TableState.FAILED);
                assertThat(s.lastError()).contains("[added]").contains("ALTER TABLE `db`.`grown` ADD COLUMN `added`");
            }));
            assertThat(emu.table("db", "grown").rowCount()).isEqualTo(2); // nothing loaded without its new column
        }
        emu.sql("db", "ALTER TABLE db.grown ADD COLUMN added STRING NULL DEFAULT 'dflt'");
        try (Pipeline p = Pipeline.create(config("grown", "grown"))) {
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
            dorisTable("streamed_ddl", "id INT, pad STRING, in_txn INT");
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
