package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A randomized workload over several tables — inserts, updates (key changes, unchanged TOAST
 * values), deletes, truncates, transactions large enough to be streamed by the server (committed
 * and rolled back) — delivered through Stream Load into the emulator converges: the Doris tables
 * equal the PostgreSQL tables row by row.
 */
@PostgresTest
class ConvergenceIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    static DorisEmulator emu;

    @BeforeAll
    static void start() throws Exception {
        // small enough that the larger transactions below are streamed (pgoutput v2+ Stream Start/Commit/Abort)
        PG.execute("ALTER SYSTEM SET logical_decoding_work_mem = '64kB'", "SELECT pg_reload_conf()");
        emu = DorisEmulator.builder().backends(2).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
        PG.execute("CREATE TABLE ra (id bigint PRIMARY KEY, v int, big text)",
                "CREATE TABLE rb (k1 int, k2 varchar(10), n numeric(14,4), PRIMARY KEY (k1, k2))",
                "CREATE TABLE rc (id int PRIMARY KEY, note text)",
                "ALTER TABLE rc REPLICA IDENTITY FULL",
                "ALTER TABLE ra ALTER COLUMN big SET STORAGE EXTERNAL");
        String props = " PROPERTIES (\"function_column.sequence_type\" = \"largeint\")";
        emu.sql("db", "CREATE TABLE db.ra (id BIGINT, v INT, big STRING) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2" + props);
        emu.sql("db", "CREATE TABLE db.rb (k1 INT, k2 VARCHAR(10), n DECIMAL(14,4)) UNIQUE KEY(k1, k2) DISTRIBUTED BY HASH(k1) BUCKETS 2" + props);
        emu.sql("db", "CREATE TABLE db.rc (id INT, note STRING) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2" + props);
    }

    @AfterAll
    static void stop() throws Exception {
        emu.close();
        PG.execute("ALTER SYSTEM RESET logical_decoding_work_mem", "SELECT pg_reload_conf()");
    }

    @Test
    void aRandomWorkloadWithTruncatesAndStreamedTransactionsConverges() throws Exception {
        try (Pipeline p = Pipeline.create(PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("converge").publication("converge")
                .route("public.ra", "db", "ra").route("public.rb", "db", "rb").route("public.rc", "db", "rc")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort()).transportSetting("format", "json")
                .batchMaxRows(400).batchMaxAge(Duration.ofMillis(100)).memoryBudgetBytes(2L << 20)
                .truncatePolicy(TruncatePolicy.PROPAGATE)
                .build())) {
            p.start();
            Random random = new Random(17);
            try (Connection c = PG.connect(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                for (int round = 0; round < 150; round++) {
                    for (int i = 0; i < 1 + random.nextInt(20); i++) {
                        int id = random.nextInt(400);
                        switch (random.nextInt(10)) {
                            case 0, 1 -> st.execute("INSERT INTO ra VALUES (" + id + ", 0, (SELECT string_agg(md5(random()::text), '') "
                                    + "FROM generate_series(1, 100))) ON CONFLICT (id) DO UPDATE SET v = ra.v + 1"); // big stays TOASTed
                            case 2 -> st.execute("UPDATE ra SET v = v + 10 WHERE id = " + id);
                            case 3 -> st.execute("UPDATE ra SET id = id + 1000 WHERE id = " + id + " AND NOT EXISTS (SELECT 1 FROM ra WHERE id = " + (id + 1000) + ")");
                            case 4 -> st.execute("DELETE FROM ra WHERE id = " + id);
                            case 5 -> st.execute("INSERT INTO rb VALUES (" + id % 50 + ", 'k" + id % 4 + "', " + random.nextInt(100000) / 7.0
                                    + ") ON CONFLICT (k1, k2) DO UPDATE SET n = EXCLUDED.n");
                            case 6 -> st.execute("DELETE FROM rb WHERE k1 = " + id % 50);
                            case 7 -> st.execute("INSERT INTO rc VALUES (" + id + ", 'n" + round + "') ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note");
                            case 8 -> st.execute("UPDATE rc SET id = id + 5000 WHERE id = " + id + " AND NOT EXISTS (SELECT 1 FROM rc WHERE id = " + (id + 5000) + ")");
                            default -> st.execute("DELETE FROM rc WHERE id = " + id);
                        }
                    }
                    if (round == 40) {
                        st.execute("TRUNCATE rb");
                    }
                    if (round % 50 == 25) {
                        st.execute("INSERT INTO rc SELECT g, repeat('streamed ', 20) || " + round + " FROM generate_series(100000, 103000) g "
                                + "ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note");
                    }
                    if (round == 60) {
                        st.execute("INSERT INTO rc SELECT g, 'rolled back' FROM generate_series(200000, 203000) g");
                        c.rollback(); // a streamed transaction that aborts: nothing of it may reach Doris
                        continue;
                    }
                    c.commit();
                }
            }
            for (String[] t : new String[][] {{"ra", "id"}, {"rb", "k1", "k2"}, {"rc", "id"}}) {
                String[] key = java.util.Arrays.copyOfRange(t, 1, t.length);
                await().atMost(Duration.ofSeconds(Long.getLong("awaitSeconds", 120))).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    try (Connection c = PG.connect()) {
                        var pg = EmulatorTables.postgres(c, t[0], key);
                        var doris = EmulatorTables.doris(emu, "db", t[0], key);
                        assertThat(doris).withFailMessage(() -> t[0] + ": " + EmulatorTables.differences(pg, doris)).isEqualTo(pg);
                    }
                });
            }
            assertThat(p.failure()).isEmpty();
        }
    }
}
