package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.doriscdc.api.ConfigException;
import io.doriscdc.api.DorisTableId;
import io.doriscdc.runtime.testing.MemoryTransport;
import io.doriscdc.runtime.testing.PgTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pipeline against real PostgreSQL, delivering into an in-memory Unique Key store. */
@PostgresTest
class PipelineIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    private Pipeline pipeline;

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.stop();
        }
    }

    private PipelineConfig.Builder config(String slot, String store) {
        return PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot(slot).publication(slot)
                .transport("memory").transportSetting("store", store)
                .batchMaxAge(Duration.ofMillis(50));
    }

    @Test
    void insertsUpdatesAndDeletesArriveAndTheSlotIsAcknowledged(TestInfo info) throws Exception {
        PG.execute("CREATE TABLE basic (id int PRIMARY KEY, name text, amount numeric(12,2), at timestamptz)");
        pipeline = Pipeline.create(config("basic", "basic").route("public.basic", "db", "basic").build());
        pipeline.start();
        PG.execute("INSERT INTO basic SELECT g, 'n' || g, g * 1.5, now() FROM generate_series(1, 500) g",
                "UPDATE basic SET name = 'changed' WHERE id % 10 = 0",
                "DELETE FROM basic WHERE id % 7 = 0",
                "UPDATE basic SET id = id + 1000 WHERE id = 1");
        awaitConverged("basic", "basic", List.of("id"));
        // the slot is acknowledged past the workload's last commit (comparing with the live WAL position
        // instead races with the pipeline's own writes to doris_cdc.table_status)
        long workloadEnd = walInsertPosition();
        await().atMost(Duration.ofSeconds(30)).until(() -> slotConfirmed("basic") >= workloadEnd);
    }

    @Test
    void aRandomWorkloadOverSeveralTablesConverges() throws Exception {
        PG.execute("CREATE TABLE wa (id bigint PRIMARY KEY, v int, t text)",
                "CREATE TABLE wb (k1 int, k2 text, big text, j jsonb, PRIMARY KEY (k1, k2))",
                "ALTER TABLE wb REPLICA IDENTITY FULL",
                "CREATE TABLE wc (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), d date, f float8)");
        pipeline = Pipeline.create(config("random", "random")
                .route("public.wa", "db", "wa").route("public.wb", "db", "wb").route("public.wc", "db", "wc")
                .batchMaxRows(300).build());
        pipeline.start();
        Random random = new Random(42);
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            for (int round = 0; round < 60; round++) {
                c.setAutoCommit(false);
                int ops = 1 + random.nextInt(40);
                for (int i = 0; i < ops; i++) {
                    int id = random.nextInt(200);
                    switch (random.nextInt(9)) {
                        case 0, 1 -> st.execute("INSERT INTO wa VALUES (" + id + ", " + random.nextInt() + ", md5(random()::text)) "
                                + "ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v");
                        case 2 -> st.execute("UPDATE wa SET t = t || 'x' WHERE id = " + id);
                        case 3 -> st.execute("DELETE FROM wa WHERE id = " + id);
                        case 4 -> st.execute("UPDATE wa SET id = id + 1000 WHERE id = " + id
                                + " AND NOT EXISTS (SELECT 1 FROM wa WHERE id = " + (id + 1000) + ")");
                        case 5 -> st.execute("INSERT INTO wb VALUES (" + id + ", 'k" + id % 3 + "', "
                                + "(SELECT string_agg(md5(random()::text), '') FROM generate_series(1, 200)), '{\"a\": " + id + "}') "
                                + "ON CONFLICT DO NOTHING");
                        case 6 -> st.execute("UPDATE wb SET j = jsonb_set(j, '{b}', '" + round + "') WHERE k1 = " + id); // big stays TOASTed
                        case 7 -> st.execute("DELETE FROM wb WHERE k1 = " + id);
                        default -> st.execute("INSERT INTO wc (d, f) VALUES (current_date - " + id + ", " + random.nextDouble() + ")");
                    }
                }
                c.commit();
                if (round == 30) {
                    c.setAutoCommit(true);
                    st.execute("INSERT INTO wa SELECT g, g, 'bulk' FROM generate_series(5000, 25000) g"); // one large transaction
                }
            }
            c.setAutoCommit(true);
        }
        awaitConverged("wa", "wa", List.of("id"));
        awaitConverged("wb", "wb", List.of("k1", "k2"));
        awaitConverged("wc", "wc", List.of("id"));
    }

    @Test
    void aStoppedPipelineResumesFromTheSlotWithoutLoss() throws Exception {
        PG.execute("CREATE TABLE resume (id int PRIMARY KEY, v int)");
        PipelineConfig cfg = config("resume", "resume").route("public.resume", "db", "resume").build();
        pipeline = Pipeline.create(cfg);
        pipeline.start();
        PG.execute("INSERT INTO resume SELECT g, 0 FROM generate_series(1, 1000) g");
        pipeline.stop();
        PG.execute("UPDATE resume SET v = 1 WHERE id <= 500", "DELETE FROM resume WHERE id > 900");
        pipeline = Pipeline.create(cfg);
        pipeline.start();
        awaitConverged("resume", "resume", List.of("id"));
    }

    @Test
    void aFailingTableStopsWithItsErrorAndHoldsTheSlot() throws Exception {
        PG.execute("CREATE TABLE failing (id int PRIMARY KEY)");
        pipeline = Pipeline.create(config("failing", "failing").route("public.failing", "db", "failing").build());
        pipeline.start();
        MemoryTransport.store("failing").failNext(1, false);
        long before = slotConfirmed("failing");
        PG.execute("INSERT INTO failing VALUES (1)");
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.status().get(0).state() == TableState.FAILED);
        assertThat(pipeline.status().get(0).lastError()).contains("injected failure");
        PG.execute("INSERT INTO failing VALUES (2)");
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(slotConfirmed("failing")).isEqualTo(before);
    }

    @Test
    void aTableWithoutKeyIsRefusedWithTheStatementToRun() throws Exception {
        PG.execute("CREATE TABLE nokey (v int)");
        pipeline = Pipeline.create(config("nokey", "nokey").route("public.nokey", "db", "nokey").build());
        assertThatThrownBy(pipeline::start)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("public.nokey has no primary key")
                .hasMessageContaining("ALTER TABLE \"public\".\"nokey\" ADD PRIMARY KEY")
                .hasMessageContaining("ALTER TABLE \"public\".\"nokey\" REPLICA IDENTITY USING INDEX");
        pipeline = null;
    }

    @Test
    void truncateIsPropagatedInStreamOrder() throws Exception {
        PG.execute("CREATE TABLE trunc (id int PRIMARY KEY)");
        pipeline = Pipeline.create(config("trunc", "trunc").route("public.trunc", "db", "trunc")
                .truncatePolicy(TruncatePolicy.IGNORE).build());
        pipeline.start();
        PG.execute("INSERT INTO trunc SELECT generate_series(1, 10)", "TRUNCATE trunc", "INSERT INTO trunc VALUES (100)");
        // IGNORE keeps the old rows in Doris; the new row arrives
        await().atMost(Duration.ofSeconds(30)).until(() -> MemoryTransport.store("trunc").rows(DorisTableId.of("db", "trunc")).size() == 11);
    }

    @Test
    void transactionsOnAnIdleStreamAreLoadedWithoutWaitingForTheMaxAge() throws Exception {
        PG.execute("CREATE TABLE lone (id int PRIMARY KEY, v text)");
        // a max age of an hour: only the idle rule (batch.max-loads-per-second) can send these batches within the test's time
        pipeline = Pipeline.create(config("lone", "lone").route("public.lone", "db", "lone").batchMaxAge(Duration.ofHours(1)).build());
        pipeline.start();
        PG.execute("INSERT INTO lone VALUES (1, 'first')");
        awaitConverged("lone", "lone", List.of("id"));
        // the next ones come within the load interval of the first load: they wait for it (one second by default), not for the hour
        PG.execute("INSERT INTO lone VALUES (2, 'second')", "UPDATE lone SET v = 'again' WHERE id = 1");
        awaitConverged("lone", "lone", List.of("id"));
    }

    private void awaitConverged(String pgTable, String dorisTable, List<String> keys) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            try (Connection c = PG.connect()) {
                assertThat(MemoryTransport.store(storeOf(pgTable)).rows(DorisTableId.of("db", dorisTable)))
                        .isEqualTo(PgTables.rows(c, pgTable, keys));
            }
        });
    }

    private static String storeOf(String pgTable) {
        return switch (pgTable) {
            case "wa", "wb", "wc" -> "random";
            default -> pgTable;
        };
    }

    private long walInsertPosition() throws Exception {
        try (Connection c = PG.connect(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT pg_current_wal_insert_lsn() - '0/0'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long slotConfirmed(String slot) throws Exception {
        try (Connection c = PG.connect(); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT confirmed_flush_lsn - '0/0' FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
