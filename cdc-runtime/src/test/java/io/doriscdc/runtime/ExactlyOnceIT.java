package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.api.Lsn;
import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.runtime.testing.MemoryTransport;
import io.doriscdc.runtime.testing.Wal;
import io.doriscdc.runtime.testing.PgTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

/**
 * The exactly-once bugs found by reading the code, one test each: every one of them failed before
 * stream positions (ARCHITECTURE.md invariants 1–3).
 */
@PostgresTest
class ExactlyOnceIT {

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

    private static PipelineConfig.Builder pipeline(String slot, String... tables) {
        PipelineConfig.Builder b = PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot(slot).publication(slot)
                .batchMaxAge(Duration.ofMillis(50)).statusInterval(Duration.ofSeconds(1));
        for (String t : tables) {
            b.route("public." + t, "db", t);
        }
        return b;
    }

    @Test
    void rowsOfOneCopyThatShareOneLsnAndFillSeveralBatchesAllArrive() throws Exception {
        // COPY writes multi-insert WAL records: many rows, one LSN. Labels from change LSNs named
        // every batch of them alike, and Doris answered Label Already Exists for all but the first.
        PG.execute("CREATE TABLE copied (id int PRIMARY KEY, s text)");
        emu.sql("db", "CREATE TABLE db.copied (id INT, s STRING) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"
                + " PROPERTIES (\"function_column.sequence_type\" = \"largeint\")");
        try (Pipeline p = Pipeline.create(pipeline("copied", "copied")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort()).batchMaxRows(300).build())) {
            p.start();
            StringBuilder csv = new StringBuilder();
            for (int i = 0; i < 5_000; i++) {
                csv.append(i).append(",row ").append(i).append('\n');
            }
            try (Connection c = PG.connect()) {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY copied FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
            }
            awaitEqual("copied", "id");
            assertThat(p.failure()).isEmpty();
        }
    }

    @Test
    void overlappingTransactionsDoNotStopThePipeline() throws Exception {
        // B's change LSN is above A's, yet B commits first: a batch range from change LSNs went backwards
        PG.execute("CREATE TABLE overlap (id int PRIMARY KEY, who text)");
        emu.sql("db", "CREATE TABLE db.overlap (id INT, who STRING) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1"
                + " PROPERTIES (\"function_column.sequence_type\" = \"largeint\")");
        try (Pipeline p = Pipeline.create(pipeline("overlap", "overlap")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort()).batchMaxAge(Duration.ofSeconds(2)).build());
             Connection a = PG.connect(); Connection b = PG.connect(); Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            p.start();
            a.setAutoCommit(false);
            sa.execute("INSERT INTO overlap VALUES (1, 'A')");
            sb.execute("INSERT INTO overlap VALUES (2, 'B')"); // commits while A is open
            sa.execute("INSERT INTO overlap VALUES (3, 'A')");
            a.commit();
            sb.execute("INSERT INTO overlap VALUES (4, 'B')");
            awaitEqual("overlap", "id");
            assertThat(p.failure()).isEmpty();
            assertThat(p.isRunning()).isTrue();
        }
    }

    @Test
    void aTruncateRefusedByTheFailPolicyHoldsTheSlotBeforeItWhileOtherTablesGoOn() throws Exception {
        PG.execute("CREATE TABLE tf_a (id int PRIMARY KEY)", "CREATE TABLE tf_b (id int PRIMARY KEY)");
        MemoryTransport.Store store = MemoryTransport.store("truncate-fail");
        try (Pipeline p = Pipeline.create(pipeline("tfail", "tf_a", "tf_b")
                .transport("memory").transportSetting("store", "truncate-fail")
                .truncatePolicy(TruncatePolicy.FAIL).failurePolicy(FailurePolicy.STOP_TABLE).build())) {
            p.start();
            PG.execute("INSERT INTO tf_a VALUES (1)", "INSERT INTO tf_b VALUES (1)");
            await().atMost(Duration.ofSeconds(30)).until(() -> store.rows(DorisTableId.of("db", "tf_b")).size() == 1);
            PG.execute("TRUNCATE tf_a");
            // the end of the TRUNCATE's commit record or later: the slot may pass transactions that
            // committed before it (PostgreSQL 14 sends empty ones too), never the TRUNCATE itself
            Lsn afterTruncate = Wal.insertLsn(PG);
            for (int i = 2; i <= 20; i++) {
                PG.execute("INSERT INTO tf_a VALUES (" + i + ")", "INSERT INTO tf_b VALUES (" + i + ")");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> store.rows(DorisTableId.of("db", "tf_b")).size() == 20);
            // tf_b's later transactions are delivered, but the slot never passes tf_a's TRUNCATE
            Thread.sleep(2_500); // two status intervals for an acknowledgement to reach the server, were one made
            assertThat(Wal.confirmedFlush(PG, "tfail")).isLessThan(afterTruncate);
            assertThat(p.status()).filteredOn(s -> s.route().source().name().equals("tf_a"))
                    .singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(TableState.FAILED));
            assertThat(p.failure()).isEmpty();
        }
    }

    @Test
    void aStreamedTransactionIsLoadedInBatchesOfTheConfiguredSize() throws Exception {
        PG.execute("ALTER SYSTEM SET logical_decoding_work_mem = '64kB'", "SELECT pg_reload_conf()");
        try {
            PG.execute("CREATE TABLE streamed (id int PRIMARY KEY, pad text)");
            MemoryTransport.Store store = MemoryTransport.store("streamed");
            try (Pipeline p = Pipeline.create(pipeline("streamed", "streamed")
                    .transport("memory").transportSetting("store", "streamed").batchMaxRows(1_000).build())) {
                p.start();
                PG.execute("INSERT INTO streamed SELECT g, repeat('x', 100) FROM generate_series(1, 30000) g");
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    try (Connection c = PG.connect()) {
                        assertThat(store.rows(DorisTableId.of("db", "streamed"))).isEqualTo(PgTables.rows(c, "streamed", List.of("id")));
                    }
                });
                assertThat(store.largestBatch()).isLessThanOrEqualTo(1_000);
                assertThat(p.failure()).isEmpty();
            }
        } finally {
            PG.execute("ALTER SYSTEM RESET logical_decoding_work_mem", "SELECT pg_reload_conf()");
        }
    }

    /**
     * A streamed transaction replayed at its commit under a small memory budget is loaded in full
     * batches: the staged part kept in memory takes at most half of the budget and gives its memory
     * back as it is replayed (it filled the budget once, and each change then went out alone).
     */
    @Test
    void aStreamedTransactionUnderASmallMemoryBudgetIsLoadedInFullBatches() throws Exception {
        PG.execute("ALTER SYSTEM SET logical_decoding_work_mem = '64kB'", "SELECT pg_reload_conf()");
        try {
            PG.execute("CREATE TABLE tight (id int PRIMARY KEY, pad text)");
            MemoryTransport.Store store = MemoryTransport.store("tight");
            try (Pipeline p = Pipeline.create(pipeline("tight", "tight").memoryBudgetBytes(4L << 20)
                    .transport("memory").transportSetting("store", "tight").batchMaxRows(5_000).build())) {
                p.start();
                int before = store.deliveries();
                // about 20 MiB of changes: five times the budget, staged in memory up to half of it and spilled past that
                PG.execute("INSERT INTO tight SELECT g, repeat('x', 150) FROM generate_series(1, 100000) g");
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                    try (Connection c = PG.connect()) {
                        assertThat(store.rows(DorisTableId.of("db", "tight"))).hasSize(100_000);
                    }
                });
                assertThat(store.deliveries() - before).as("loads for 100,000 rows in batches of up to 5,000").isLessThan(200);
                assertThat(p.failure()).isEmpty();
            }
        } finally {
            PG.execute("ALTER SYSTEM RESET logical_decoding_work_mem", "SELECT pg_reload_conf()");
        }
    }

    /**
     * A stop during the replay of a long streamed transaction ends the replay there: it does not load
     * the rest (which would run the stop past its timeout), removes the spill file, and the restart
     * replays the whole transaction from the slot.
     */
    @Test
    void aStopDuringALongReplayEndsItAndTheRestartLoadsItAll() throws Exception {
        PG.execute("ALTER SYSTEM SET logical_decoding_work_mem = '64kB'", "SELECT pg_reload_conf()");
        java.nio.file.Path spill = java.nio.file.Files.createTempDirectory("spill");
        try {
            PG.execute("CREATE TABLE longreplay (id int PRIMARY KEY, pad text)");
            MemoryTransport.Store store = MemoryTransport.store("longreplay");
            PipelineConfig.Builder cfg = pipeline("longreplay", "longreplay").memoryBudgetBytes(4L << 20).spillDirectory(spill)
                    .transport("memory").transportSetting("store", "longreplay").batchMaxRows(1_000);
            Pipeline p = Pipeline.create(cfg.transportSetting("delay-ms", "200").build());
            try {
                p.start();
                PG.execute("INSERT INTO longreplay SELECT g, repeat('x', 150) FROM generate_series(1, 60000) g");
                await().atMost(Duration.ofSeconds(60)).until(() -> store.rows(DorisTableId.of("db", "longreplay")).size() >= 2_000);
            } finally {
                p.stop();
            }
            assertThat(store.rows(DorisTableId.of("db", "longreplay")).size()).as("the stop ended the replay").isLessThan(60_000);
            assertThat(p.failure()).isEmpty();
            try (var files = java.nio.file.Files.list(spill)) {
                assertThat(files.toList()).as("no spill file is left").isEmpty();
            }
            try (Pipeline again = Pipeline.create(cfg.transportSetting("delay-ms", "0").build())) {
                again.start();
                await().atMost(Duration.ofSeconds(120)).until(() -> store.rows(DorisTableId.of("db", "longreplay")).size() == 60_000);
                assertThat(again.failure()).isEmpty();
            }
        } finally {
            PG.execute("ALTER SYSTEM RESET logical_decoding_work_mem", "SELECT pg_reload_conf()");
        }
    }

    @Test
    void aColumnAddedToAFailedTableWithPendingRowsDoesNotStopThePipeline() throws Exception {
        PG.execute("CREATE TABLE rf_a (id int PRIMARY KEY)", "CREATE TABLE rf_b (id int PRIMARY KEY)");
        MemoryTransport.Store store = MemoryTransport.store("relation-failed");
        try (Pipeline p = Pipeline.create(pipeline("rfail", "rf_a", "rf_b")
                .transport("memory").transportSetting("store", "relation-failed").transportSetting("delay-ms", "1500")
                .failurePolicy(FailurePolicy.STOP_TABLE).build())) {
            p.start();
            store.failNext(1, false); // rf_a's first batch fails for good, 1.5 s after it was sent
            PG.execute("INSERT INTO rf_a VALUES (1)");
            Thread.sleep(300); // a moment for that batch to be sent, so the next rows stay pending behind it
            PG.execute("INSERT INTO rf_a VALUES (2)", "ALTER TABLE rf_a ADD COLUMN extra int", "INSERT INTO rf_a VALUES (3, 3)",
                    "INSERT INTO rf_b VALUES (1)");
            await().atMost(Duration.ofSeconds(30)).until(() -> store.rows(DorisTableId.of("db", "rf_b")).size() == 1);
            assertThat(p.failure()).isEmpty();
            assertThat(p.isRunning()).isTrue();
        }
    }

    private static void awaitEqual(String table, String... key) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            try (Connection c = PG.connect()) {
                var pg = EmulatorTables.postgres(c, table, key);
                var doris = EmulatorTables.doris(emu, "db", table, key);
                assertThat(doris).withFailMessage(() -> table + ": " + EmulatorTables.differences(pg, doris)).isEqualTo(pg);
            }
        });
    }


}
