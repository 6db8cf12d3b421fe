package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.api.TableId;
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
 * Issue 23 finding 14: a table whose key changes while the pipeline streams stops FAILED with the
 * old and the new key and what to do, holding the slot before the change; the other table streams on.
 */
@PostgresTest
class KeyChangeIT {

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
    void aNewPrimaryKeyStopsThatTableWithTheFixAndHoldsTheSlot() throws Exception {
        PG.execute("CREATE TABLE rekeyed (id int CONSTRAINT rekeyed_pk PRIMARY KEY, other int NOT NULL, v text)",
                "CREATE TABLE steady (id int PRIMARY KEY, v text)",
                "INSERT INTO rekeyed SELECT g, 1000 + g, 'a' FROM generate_series(1, 20) g");
        FailedTableHoldIT.dorisTable(emu, "rekeyed", "id INT, other INT, v STRING", "id");
        FailedTableHoldIT.dorisTable(emu, "steady", "id INT, v STRING", "id");
        PipelineConfig cfg = PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password()).slot("rekey").publication("rekey")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort()).highAvailability(false)
                .batchMaxRows(500).batchMaxAge(Duration.ofMillis(100)).statusInterval(Duration.ofSeconds(1))
                .route("public.rekeyed", "db", "rekeyed").route("public.steady", "db", "steady").build();
        String beforeChange;
        try (Pipeline p = Pipeline.create(cfg)) {
            p.start();
            PG.execute("UPDATE rekeyed SET v = 'b' WHERE id <= 5", "INSERT INTO steady VALUES (1, 'x')");
            awaitEqual("rekeyed");
            awaitEqual("steady");
            PG.execute("ALTER TABLE rekeyed DROP CONSTRAINT rekeyed_pk, ADD PRIMARY KEY (other)");
            beforeChange = FailedTableHoldIT.currentWalLsn(PG);
            PG.execute("UPDATE rekeyed SET v = 'under the new key' WHERE id = 1",
                    "INSERT INTO steady SELECT g, 'after' FROM generate_series(2, 30) g", "DELETE FROM rekeyed WHERE id = 2");
            await().atMost(Duration.ofMinutes(1)).until(() -> status(p, "rekeyed").state() == TableState.FAILED);
            assertThat(status(p, "rekeyed").lastError())
                    .contains("public.rekeyed").contains("keyed on (id)").contains("(other)")
                    .contains("doris_cdc.remove_table('public.rekeyed')").contains("UNIQUE KEY(`other`)").contains("doris_cdc.add_table");
            PG.execute("UPDATE steady SET v = 'later' WHERE id % 3 = 0");
            awaitEqual("steady");
            assertThat(status(p, "steady").state()).isEqualTo(TableState.STREAMING);
            assertThat(p.failure()).isEmpty();
        }
        assertThat(FailedTableHoldIT.confirmedFlushAtOrBefore(PG, "rekey", beforeChange))
                .withFailMessage("the slot moved past the key change at %s", beforeChange).isTrue();
    }

    private static TableStatus status(Pipeline p, String table) {
        return p.status().stream().filter(s -> s.route().source().equals(TableId.of("public", table))).findFirst().orElseThrow();
    }

    private static void awaitEqual(String table) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            try (Connection c = PG.connect()) {
                var pg = EmulatorTables.postgres(c, table, "id");
                var doris = EmulatorTables.doris(emu, "db", table, "id");
                assertThat(doris).withFailMessage(() -> table + ": " + EmulatorTables.differences(pg, doris)).isEqualTo(pg);
            }
        });
    }
}
