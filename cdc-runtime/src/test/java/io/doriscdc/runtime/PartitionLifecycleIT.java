package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.CrashChild;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Partitions attached, detached, created and dropped while a mapped partitioned table streams
 * (LIST, then RANGE: two levels), with sessions writing to it all along: an attached table's rows
 * reach Doris, a detached partition's rows leave it (its later changes are not the table's), a
 * sub-partitioned table attached whole brings its leaves' rows, and a DROP of an attached partition
 * is refused. Then an ATTACH read just before a SIGKILL, followed by a VACUUM FULL of the attached
 * table before the restart, and a DETACH while the pipeline is down. Each step ends with the Doris
 * table equal to the PostgreSQL table, row by row.
 */
@PostgresTest
class PartitionLifecycleIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    static DorisEmulator emu;

    @BeforeAll
    static void start() {
        emu = DorisEmulator.builder().backends(2).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static void dorisTable(String name) {
        emu.sql("db", "CREATE TABLE db." + name + " (region VARCHAR(16), id INT, v INT, note STRING) UNIQUE KEY(region, id)"
                + " DISTRIBUTED BY HASH(id) BUCKETS 2"
                + " PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
    }

    private static void partitionedTable(String name) throws SQLException {
        PG.execute("CREATE TABLE " + name + " (region text NOT NULL, id int NOT NULL, v int, note text, PRIMARY KEY (region, id))"
                        + " PARTITION BY LIST (region)",
                "CREATE TABLE " + name + "_eu PARTITION OF " + name + " FOR VALUES IN ('eu')",
                "CREATE TABLE " + name + "_us PARTITION OF " + name + " FOR VALUES IN ('us') PARTITION BY RANGE (id)",
                "CREATE TABLE " + name + "_us_low PARTITION OF " + name + "_us FOR VALUES FROM (0) TO (1000)",
                "CREATE TABLE " + name + "_us_high PARTITION OF " + name + "_us FOR VALUES FROM (1000) TO (1000000)",
                "INSERT INTO " + name + " SELECT CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END, g, g, 'seed ' || g FROM generate_series(1, 4000) g");
    }

    @Test
    void attachedAndDetachedPartitionsFollowTheirRowsWhileSessionsWrite() throws Exception {
        partitionedTable("orders");
        dorisTable("orders");
        PipelineConfig cfg = PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("orders").publication("orders").route("public.orders", "db", "orders")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .batchMaxRows(500).batchMaxAge(Duration.ofMillis(100)).statusInterval(Duration.ofSeconds(1))
                .snapshotChunkPages(16).build();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        try (Pipeline p = Pipeline.create(cfg)) {
            p.start();
            for (int w = 0; w < 3; w++) {
                int seed = w;
                Thread t = new Thread(() -> write("orders", seed, writing, written), "writer-" + w);
                t.start();
                writers.add(t);
            }
            await().atMost(Duration.ofMinutes(1)).until(() -> written.get() > 50);
            // a partition created while streaming: its rows stream through the table
            PG.execute("CREATE TABLE orders_asia PARTITION OF orders FOR VALUES IN ('asia')",
                    "INSERT INTO orders SELECT 'asia', g, g, 'asia' FROM generate_series(1, 300) g");
            // a table with rows attached, then changed through the table
            PG.execute("CREATE TABLE orders_apac (region text NOT NULL, id int NOT NULL, v int, note text, PRIMARY KEY (region, id))",
                    "INSERT INTO orders_apac SELECT 'apac', g, -g, 'before attach' FROM generate_series(1, 2500) g",
                    "ALTER TABLE orders ATTACH PARTITION orders_apac FOR VALUES IN ('apac')",
                    "UPDATE orders SET v = v * 10 WHERE region = 'apac' AND id % 3 = 0",
                    "DELETE FROM orders WHERE region = 'apac' AND id % 7 = 0");
            // a sub-partitioned table attached whole: two leaves with rows, one level down
            PG.execute("CREATE TABLE orders_sa (region text NOT NULL, id int NOT NULL, v int, note text, PRIMARY KEY (region, id))"
                            + " PARTITION BY RANGE (id)",
                    "CREATE TABLE orders_sa_1 PARTITION OF orders_sa FOR VALUES FROM (0) TO (500)",
                    "CREATE TABLE orders_sa_2 PARTITION OF orders_sa FOR VALUES FROM (500) TO (1000)",
                    "INSERT INTO orders_sa SELECT 'sa', g, g, 'sa' FROM generate_series(1, 999) g",
                    "ALTER TABLE orders ATTACH PARTITION orders_sa FOR VALUES IN ('sa')");
            // a partition with rows detached, then changed on its own: none of it is the table's any more
            PG.execute("ALTER TABLE orders DETACH PARTITION orders_eu",
                    "UPDATE orders_eu SET v = 0", "INSERT INTO orders_eu VALUES ('eu', 999999, 1, 'after detach')");
            // one level down, in a transaction that changes the leaf first, and concurrently
            try (Connection c = PG.connect(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("UPDATE orders SET note = 'last change' WHERE region = 'us' AND id < 1000 AND id % 5 = 0");
                st.execute("ALTER TABLE orders_us DETACH PARTITION orders_us_low");
                c.commit();
            }
            PG.execute("ALTER TABLE orders_us DETACH PARTITION orders_us_high CONCURRENTLY");
            assertThatThrownBy(() -> PG.execute("DROP TABLE orders_asia"))
                    .hasMessageContaining("cannot be dropped while attached").hasMessageContaining("DETACH PARTITION");
            // detached and attached again, changed meanwhile
            PG.execute("ALTER TABLE orders ATTACH PARTITION orders_eu FOR VALUES IN ('eu')");
            writing.set(false);
            for (Thread t : writers) {
                t.join();
            }
            awaitEqual("orders");
            assertThat(rows("SELECT count(*) FROM orders WHERE region IN ('apac', 'sa', 'eu')")).isGreaterThan(4000);
            assertThat(p.failure()).isEmpty();
        }
    }

    @Test
    void anAttachReadJustBeforeASigkillIsCopiedAfterTheRestartEvenAfterAVacuumFull() throws Exception {
        partitionedTable("crashed");
        dorisTable("crashed");
        Process child = startChild("crashed");
        try {
            awaitEqual("crashed");
            PG.execute("CREATE TABLE crashed_apac (region text NOT NULL, id int NOT NULL, v int, note text, PRIMARY KEY (region, id))",
                    "INSERT INTO crashed_apac SELECT 'apac', g, g, repeat('x', 200) FROM generate_series(1, 20000) g");
            emu.faults().delayResponses(Duration.ofMillis(400)); // the copy of the attached table takes a while
            PG.execute("ALTER TABLE crashed ATTACH PARTITION crashed_apac FOR VALUES IN ('apac')");
            await().atMost(Duration.ofMinutes(1)).until(() -> rows("SELECT count(*) FROM doris_cdc.snapshot_ranges WHERE pipeline = 'crashed' "
                    + "AND leaf_name = 'crashed_apac'") > 0);
            child.destroyForcibly(); // SIGKILL: the copy planned, not finished
            child.waitFor();
            emu.faults().clear();
            assertThat(rows("SELECT count(*) FROM doris_cdc.snapshot_ranges WHERE pipeline = 'crashed' AND leaf_name = 'crashed_apac'"
                    + " AND done_at IS NULL")).isGreaterThan(0);
            // while it is down: rows move (the ranges planned no longer hold them) and a partition leaves
            PG.execute("DELETE FROM crashed WHERE region = 'apac' AND id % 2 = 0", "VACUUM FULL crashed_apac",
                    "UPDATE crashed SET v = -v WHERE region = 'apac'",
                    "ALTER TABLE crashed_us DETACH PARTITION crashed_us_high");
            child = startChild("crashed");
            awaitEqual("crashed");
            assertThat(rows("SELECT count(*) FROM crashed WHERE region = 'apac'")).isEqualTo(10000);
        } finally {
            child.destroyForcibly();
        }
    }

    /** Seeded random single-row changes to regions that stay attached; rows with no partition any more fail and are skipped. */
    private static void write(String table, int seed, AtomicBoolean writing, AtomicLong written) {
        Random random = new Random(seed);
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            while (writing.get()) {
                int id = 1 + random.nextInt(4000);
                String region = random.nextBoolean() ? "us" : "eu";
                try {
                    switch (random.nextInt(4)) {
                        case 0 -> st.execute("INSERT INTO " + table + " VALUES ('" + region + "', " + (100000 + seed * 100000 + random.nextInt(90000))
                                + ", 1, 'w') ON CONFLICT DO NOTHING");
                        case 1 -> st.execute("DELETE FROM " + table + " WHERE region = '" + region + "' AND id = " + id);
                        default -> st.execute("UPDATE " + table + " SET v = v + 1, note = 'w" + seed + "' WHERE region = '" + region
                                + "' AND id = " + id);
                    }
                    written.incrementAndGet();
                } catch (SQLException e) {
                    // a row whose partition was detached meanwhile has no partition to go to: PostgreSQL refused it
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long rows(String sql) throws SQLException {
        try (Connection c = PG.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitEqual(String table) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            try (Connection c = PG.connect()) {
                var pg = EmulatorTables.postgres(c, table, "region", "id");
                var doris = EmulatorTables.doris(emu, "db", table, "region", "id");
                assertThat(doris).withFailMessage(() -> table + ": " + EmulatorTables.differences(pg, doris)).isEqualTo(pg);
            }
        });
    }

    private static Process startChild(String table) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", classpath, CrashChild.class.getName(),
                PG.jdbcUrl(), PG.user(), PG.password(), table, "127.0.0.1:" + emu.feHttpPort(), table));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread drain = new Thread(() -> new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).lines()
                .filter(l -> l.startsWith("STARTED") || l.startsWith("FAILED") || l.contains("ERROR") || l.contains("WARN"))
                .forEach(l -> System.out.println("[child] " + l)), "child-output");
        drain.setDaemon(true);
        drain.start();
        return p;
    }
}
