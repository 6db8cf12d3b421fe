package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ARCHITECTURE.md invariant 7: the initial copy and the concurrent stream converge to exactly the
 * PostgreSQL table, also when the copy is killed halfway and resumed. Delivered through the
 * streamload transport into the Doris emulator.
 */
@PostgresTest
class SnapshotIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    static DorisEmulator emu;

    @BeforeAll
    static void startEmulator() {
        emu = DorisEmulator.builder().backends(2).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
    }

    @AfterAll
    static void stopEmulator() {
        emu.close();
    }

    private static void createTables(String name) throws Exception {
        PG.execute("CREATE TABLE " + name + " (id bigint PRIMARY KEY, v int NOT NULL, t text, n numeric(12,2), at timestamp)");
        emu.sql("db", "CREATE TABLE db." + name + " (id BIGINT, v INT, t STRING, n DECIMAL(12,2), at DATETIME(6)) "
                + "UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 4 "
                + "PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
    }

    private static PipelineConfig.Builder config(String name) {
        return PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot(name).publication(name).route("public." + name, "db", name)
                .transport("streamload")
                .transportSetting("fe", emu.feBaseUri().getHost() + ":" + emu.feHttpPort())
                .transportSetting("format", "csv")
                .batchMaxAge(Duration.ofMillis(200))
                .snapshotParallelism(2).snapshotChunkPages(1024).snapshotBatchRows(50_000);
    }

    @Test
    void aQuietTableIsCopiedWhole() throws Exception {
        createTables("quiet");
        PG.execute("INSERT INTO quiet SELECT g, g % 1000, md5(g::text), g / 7.0, now() FROM generate_series(1, 30000) g");
        java.util.concurrent.atomic.AtomicLong reported = new java.util.concurrent.atomic.AtomicLong();
        io.doriscdc.api.PipelineListener listener = new io.doriscdc.api.PipelineListener() {
            @Override
            public void batchDelivered(io.doriscdc.api.transport.Batch batch, io.doriscdc.api.transport.DeliveryReceipt receipt) {
                reported.addAndGet(batch.rowCount());
            }
        };
        try (Pipeline p = Pipeline.create(config("quiet").snapshotChunkPages(64).snapshotBatchRows(3000).listener(listener).build())) {
            p.start();
            await().atMost(Duration.ofMinutes(2)).until(() -> p.status().get(0).state() == TableState.STREAMING);
            awaitEqual("quiet");
            assertThat(reported.get()).as("rows of snapshot batches reported to the listener").isEqualTo(30_000);
        }
    }

    @Test
    void aMillionRowsAreCopiedWhileStreamingUnderConcurrentWrites() throws Exception {
        createTables("big");
        PG.execute("INSERT INTO big SELECT g, g % 1000, md5(g::text), g / 7.0, timestamp '2024-01-01' + g * interval '1 second' "
                + "FROM generate_series(1, 1000000) g");
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> write("big", writing));
        try (Pipeline p = Pipeline.create(config("big").build())) {
            p.start();
            writer.start();
            await().atMost(Duration.ofMinutes(5)).until(() -> p.status().get(0).state() == TableState.STREAMING);
            writing.set(false);
            writer.join();
            TableStatus status = p.status().get(0);
            assertThat(status.snapshot().done()).isTrue();
            assertThat(status.snapshot().rowsDone()).isGreaterThanOrEqualTo(990_000);
            awaitEqual("big");
        }
    }

    @Test
    void aCopyKilledHalfwayResumesWithTheRangesNotYetCopied() throws Exception {
        createTables("resumed");
        PG.execute("INSERT INTO resumed SELECT g, g % 1000, md5(g::text), g / 7.0, now() FROM generate_series(1, 300000) g");
        PipelineConfig cfg = config("resumed").snapshotParallelism(1).snapshotChunkPages(128).snapshotBatchRows(5_000).build();
        AtomicBoolean writing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> write("resumed", writing));
        writer.start();
        try (Pipeline first = Pipeline.create(cfg)) {
            first.start();
            await().atMost(Duration.ofMinutes(2)).until(() -> rangesDone("resumed") >= 3);
        } // stop() interrupts the copy halfway
        long done = rangesDone("resumed");
        assertThat(done).isGreaterThanOrEqualTo(3).isLessThan(rangesTotal("resumed"));
        try (Pipeline second = Pipeline.create(cfg)) {
            second.start();
            await().atMost(Duration.ofMinutes(3)).until(() -> rangesDone("resumed") == rangesTotal("resumed"));
            writing.set(false);
            writer.join();
            awaitEqual("resumed");
        }
    }

    private static void write(String table, AtomicBoolean writing) {
        Random random = new Random(7);
        try (Connection c = PG.connect(); Statement st = c.createStatement()) {
            while (writing.get()) {
                long id = 1 + random.nextInt(300_000);
                switch (random.nextInt(4)) {
                    case 0 -> st.execute("UPDATE " + table + " SET v = v + 1, t = 'upd' WHERE id = " + id);
                    case 1 -> st.execute("DELETE FROM " + table + " WHERE id = " + id);
                    case 2 -> st.execute("INSERT INTO " + table + " VALUES (" + (2_000_000 + random.nextInt(1_000_000))
                            + ", 1, 'new', 1.5, now()) ON CONFLICT (id) DO NOTHING");
                    default -> st.execute("UPDATE " + table + " SET n = n + 0.01 WHERE id BETWEEN " + id + " AND " + (id + 20));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitEqual(String table) throws Exception {
        try {
            awaitEqualOrFail(table);
        } catch (AssertionError | RuntimeException e) {
            try (Connection c = PG.connect()) {
                var pg = EmulatorTables.postgres(c, table, "id");
                var doris = EmulatorTables.doris(emu, "db", table, "id");
                int shown = 0;
                for (var k : pg.keySet()) {
                    if (!doris.containsKey(k) && shown++ < 10) {
                        System.err.println("MISSING in Doris: " + pg.get(k));
                    }
                }
                shown = 0;
                for (var k : doris.keySet()) {
                    if (!pg.containsKey(k) && shown++ < 10) {
                        System.err.println("EXTRA in Doris: " + doris.get(k));
                    }
                }
                shown = 0;
                for (var k : pg.keySet()) {
                    if (doris.containsKey(k) && !doris.get(k).equals(pg.get(k)) && shown++ < 10) {
                        System.err.println("DIFF: pg " + pg.get(k) + " doris " + doris.get(k));
                    }
                }
            }
            throw e;
        }
    }

    private static void awaitEqualOrFail(String table) {
        await().atMost(Duration.ofMinutes(Long.getLong("awaitMinutes", 3))).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            try (Connection c = PG.connect()) {
                assertThat(emu.table("db", table).rowCount()).isEqualTo(count(c, table));
                assertThat(EmulatorTables.doris(emu, "db", table, "id")).isEqualTo(EmulatorTables.postgres(c, table, "id"));
            }
        });
    }

    private static long count(Connection c, String table) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long rangesDone(String table) throws Exception {
        return queryLong("SELECT count(*) FROM doris_cdc.snapshot_ranges WHERE table_name = '" + table + "' AND done_at IS NOT NULL");
    }

    private static long rangesTotal(String table) throws Exception {
        return queryLong("SELECT count(*) FROM doris_cdc.snapshot_ranges WHERE table_name = '" + table + "'");
    }

    private static long queryLong(String sql) throws Exception {
        try (Connection c = PG.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
