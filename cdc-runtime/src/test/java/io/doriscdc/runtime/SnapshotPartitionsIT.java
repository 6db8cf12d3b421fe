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
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A partitioned table (two levels, LIST then RANGE) has no heap of its own: its copy is planned as
 * CTID ranges of each leaf partition, copied in parallel with the table's columns selected by name
 * (a leaf attached from a table of another column order, with a dropped column, included), into
 * the table's one Doris table; a copy stopped halfway resumes with the leaf ranges not yet copied.
 */
@PostgresTest
class SnapshotPartitionsIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    static DorisEmulator emu;

    @BeforeAll
    static void startEmulator() {
        emu = DorisEmulator.builder().backends(1).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
    }

    @AfterAll
    static void stopEmulator() {
        emu.close();
    }

    @Test
    void aTwoLevelPartitionedTableIsCopiedLeafByLeafAndResumes() throws Exception {
        PG.execute("CREATE TABLE events (region text NOT NULL, id bigint NOT NULL, v int, note text, PRIMARY KEY (region, id)) "
                        + "PARTITION BY LIST (region)",
                "CREATE TABLE events_eu PARTITION OF events FOR VALUES IN ('eu')",
                "CREATE TABLE events_asia PARTITION OF events FOR VALUES IN ('asia')", // stays empty
                "CREATE TABLE events_us PARTITION OF events FOR VALUES IN ('us') PARTITION BY RANGE (id)",
                "CREATE TABLE events_us_low PARTITION OF events_us FOR VALUES FROM (0) TO (20000)",
                // a leaf made apart, its columns in another order and one dropped, then attached
                "CREATE TABLE events_us_high (note text, gone int, v int, id bigint NOT NULL, region text NOT NULL)",
                "ALTER TABLE events_us_high DROP COLUMN gone",
                "ALTER TABLE events_us ATTACH PARTITION events_us_high FOR VALUES FROM (20000) TO (MAXVALUE)",
                "INSERT INTO events SELECT 'eu', g, g % 100, 'eu ' || md5(g::text) FROM generate_series(1, 15000) g",
                "INSERT INTO events SELECT 'us', g, g % 100, 'us ' || md5(g::text) FROM generate_series(1, 40000) g");
        emu.sql("db", "CREATE TABLE db.events (region VARCHAR(8), id BIGINT, v INT, note STRING) UNIQUE KEY(region, id) "
                + "DISTRIBUTED BY HASH(id) BUCKETS 4 "
                + "PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
        PipelineConfig cfg = PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("events").publication("events").route("public.events", "db", "events")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort()).transportSetting("format", "json")
                .batchMaxAge(Duration.ofMillis(200))
                .snapshotParallelism(2).snapshotChunkPages(32).snapshotBatchRows(100_000)
                .build();
        emu.faults().delayResponses(Duration.ofMillis(300)); // time to stop the copy halfway
        try (Pipeline first = Pipeline.create(cfg)) {
            first.start();
            await().atMost(Duration.ofMinutes(2)).until(() -> rangesDone() >= 3);
        }
        emu.faults().clear();
        // planned per leaf: ranges of each of the four leaves, none of the partitioned tables
        assertThat(rangesPerLeaf()).containsOnlyKeys("events_asia", "events_eu", "events_us_high", "events_us_low");
        assertThat(rangesPerLeaf().get("events_us_low")).isGreaterThan(1);
        long total = rangesPerLeaf().values().stream().mapToLong(Long::longValue).sum();
        assertThat(rangesDone()).isGreaterThanOrEqualTo(3).isLessThan(total);
        PG.execute("UPDATE events SET v = -1 WHERE id % 9 = 0", // while stopped: streamed at the restart
                "UPDATE events SET id = id + 100000 WHERE region = 'us' AND id % 1000 = 5"); // moves rows from us_low to us_high
        try (Pipeline second = Pipeline.create(cfg)) {
            second.start();
            await().atMost(Duration.ofMinutes(2)).until(() -> rangesDone() == total);
            PG.execute("DELETE FROM events WHERE id % 17 = 0", "INSERT INTO events VALUES ('asia', 1, 1, 'late')");
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                try (Connection c = PG.connect()) {
                    var pg = EmulatorTables.postgres(c, "events", "region", "id");
                    var doris = EmulatorTables.doris(emu, "db", "events", "region", "id");
                    assertThat(doris).as(EmulatorTables.differences(pg, doris)).isEqualTo(pg);
                }
            });
        }
    }

    private static Map<String, Long> rangesPerLeaf() throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = PG.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT leaf_name, count(*) FROM doris_cdc.snapshot_ranges WHERE table_name = 'events' GROUP BY leaf_name")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static long rangesDone() throws Exception {
        try (Connection c = PG.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*) FROM doris_cdc.snapshot_ranges WHERE table_name = 'events' AND done_at IS NOT NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
