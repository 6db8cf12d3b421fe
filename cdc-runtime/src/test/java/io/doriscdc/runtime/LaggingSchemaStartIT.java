package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.CrashChild;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 23 finding 1: a pipeline killed (SIGKILL) before it delivered column changes starts again
 * although its Doris table lags the current catalog, and the stream brings Doris there in order:
 * an ADD COLUMN inside a transaction with rows, a RENAME, a type widening, each with rows that need
 * it. Table creation is on, so the start checks the existing Doris table against PostgreSQL.
 */
@PostgresTest
class LaggingSchemaStartIT {

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

    @Test
    void aRestartAfterAKillBeforeColumnChangesWereDeliveredReplaysThemInOrder() throws Exception {
        PG.execute("CREATE TABLE rekey (id int PRIMARY KEY, val numeric(10,2), added text)",
                "INSERT INTO rekey SELECT g, g / 4.0, 'a' || g FROM generate_series(1, 200) g");
        Process child = CrashChild.spawn(List.of("-Dcrash.createTables=true"),
                PG.jdbcUrl(), PG.user(), PG.password(), "rekey", "127.0.0.1:" + emu.feHttpPort(), "rekey");
        try {
            PG.execute("INSERT INTO rekey VALUES (201, 1.5, 'streamed')");
            awaitEqual();
        } finally {
            child.destroyForcibly(); // SIGKILL: what follows is in the slot, never delivered
            child.waitFor();
        }
        PG.execute("BEGIN; ALTER TABLE rekey ADD COLUMN in_txn int; INSERT INTO rekey (id, val, added, in_txn) VALUES (202, 2.5, 'b', 7); COMMIT",
                "ALTER TABLE rekey RENAME COLUMN added TO added2",
                "UPDATE rekey SET added2 = 'renamed' WHERE id % 3 = 0",
                "ALTER TABLE rekey ALTER COLUMN val TYPE numeric(30,2)",
                "UPDATE rekey SET val = 12345678901234567890.25 WHERE id % 5 = 0");
        try (Pipeline p = Pipeline.create(PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("rekey").publication("rekey").route("public.rekey", "db", "rekey").createTables(true)
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .batchMaxRows(100).batchMaxAge(Duration.ofMillis(50)).statusInterval(Duration.ofSeconds(1)).build())) {
            p.start(); // refused before: "missing column(s) [added2, in_txn]"
            awaitEqual();
            assertThat(emu.sql("db", "DESC db.rekey").stream().map(r -> String.valueOf(r.get("Field"))).toList())
                    .containsExactlyInAnyOrder("id", "val", "added2", "in_txn");
            // a copy the kill interrupted, or the re-copy a column change asks for, may still be finishing
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(p.status()).singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(TableState.STREAMING)));
        }
    }

    @Test
    void aNewSlotStillRefusesADorisTableThatLacksColumnsSinceNoReplayCanBringThem() throws Exception {
        PG.execute("CREATE TABLE fresh (id int PRIMARY KEY, v int, extra text)");
        emu.sql("db", "CREATE TABLE db.fresh (id INT, v INT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"
                + " PROPERTIES (\"function_column.sequence_type\" = \"largeint\")");
        Pipeline p = Pipeline.create(PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("fresh").publication("fresh").route("public.fresh", "db", "fresh").createTables(true)
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort()).build());
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(p::start).hasMessageContaining("Doris table db.fresh exists but does not fit")
                    .hasMessageContaining("missing column(s) [extra]");
        } finally {
            p.stop();
        }
    }

    private static void awaitEqual() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
            try (Connection c = PG.connect()) {
                var pg = EmulatorTables.postgres(c, "rekey", "id");
                var doris = EmulatorTables.doris(emu, "db", "rekey", "id");
                assertThat(doris).withFailMessage(() -> "rekey: " + EmulatorTables.differences(pg, doris)).isEqualTo(pg);
            }
        });
    }
}
