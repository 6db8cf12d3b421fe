package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.doriscdc.emulator.DorisEmulator;
import io.doriscdc.runtime.testing.EmulatorTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TRUNCATE of some partitions of a mapped partitioned table — the retention pattern of
 * time-partitioned tables — which pgoutput does not publish through the root: the truncated leaves'
 * rows leave Doris at the TRUNCATE's position (rows written to the leaf after it, in the same
 * transaction, stay), other leaves keep theirs, a partition created while streaming is followed too,
 * and a TRUNCATE of the whole table records no row per leaf row.
 */
@PostgresTest
class PartitionTruncateIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    static DorisEmulator emu;

    @BeforeAll
    static void start() {
        emu = DorisEmulator.builder().backends(1).start();
        emu.sql("db", "CREATE DATABASE IF NOT EXISTS db");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void aTruncatedPartitionLeavesDorisAtItsPosition() throws Exception {
        PG.execute("CREATE TABLE events (day date NOT NULL, id int NOT NULL, v text, PRIMARY KEY (day, id)) PARTITION BY RANGE (day)",
                "CREATE TABLE events_d1 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2026-01-02')",
                "CREATE TABLE events_d2 PARTITION OF events FOR VALUES FROM ('2026-01-02') TO ('2026-01-03')"
                        + " PARTITION BY HASH (id)",
                "CREATE TABLE events_d2_a PARTITION OF events_d2 FOR VALUES WITH (MODULUS 2, REMAINDER 0)",
                "CREATE TABLE events_d2_b PARTITION OF events_d2 FOR VALUES WITH (MODULUS 2, REMAINDER 1)",
                "INSERT INTO events SELECT DATE '2026-01-01' + (g % 2), g, 'seed ' || g FROM generate_series(1, 2000) g");
        emu.sql("db", "CREATE TABLE db.events (day DATE, id INT, v STRING) UNIQUE KEY(day, id) DISTRIBUTED BY HASH(id) BUCKETS 1"
                + " PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
        PipelineConfig cfg = PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("events").publication("events").route("public.events", "db", "events")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort())
                .batchMaxRows(500).batchMaxAge(Duration.ofMillis(100)).statusInterval(Duration.ofSeconds(1)).build();
        try (Pipeline p = Pipeline.create(cfg)) {
            p.start();
            EmulatorTables.awaitEqual(emu, PG, "db", "events", "day", "id");
            // the retention pattern: the oldest day truncated; then a key of it written again in the same transaction
            try (Connection c = PG.connect(); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                st.execute("UPDATE events SET v = 'changed before' WHERE day = '2026-01-01' AND id < 100");
                st.execute("TRUNCATE events_d1");
                st.execute("INSERT INTO events VALUES ('2026-01-01', 2, 'after the truncate')");
                c.commit();
            }
            EmulatorTables.awaitEqual(emu, PG, "db", "events", "day", "id");
            assertThat(count("SELECT count(*) FROM events WHERE day = '2026-01-01'")).isEqualTo(1);
            // one leaf one level down (a hash partition of a day), then a partition created while streaming, filled and truncated
            PG.execute("TRUNCATE events_d2_a",
                    "CREATE TABLE events_d3 PARTITION OF events FOR VALUES FROM ('2026-01-03') TO ('2026-01-04')",
                    "INSERT INTO events SELECT DATE '2026-01-03', g, 'day 3' FROM generate_series(1, 300) g");
            EmulatorTables.awaitEqual(emu, PG, "db", "events", "day", "id");
            PG.execute("TRUNCATE events_d3");
            EmulatorTables.awaitEqual(emu, PG, "db", "events", "day", "id");
            // the whole table: published as one TRUNCATE, so the leaves' triggers record nothing
            long recorded = count("SELECT count(*) FROM doris_cdc.partition_changes");
            PG.execute("INSERT INTO events SELECT DATE '2026-01-03', g, 'again' FROM generate_series(1, 50) g", "TRUNCATE events",
                    "INSERT INTO events VALUES ('2026-01-02', 7, 'after the whole truncate')");
            EmulatorTables.awaitEqual(emu, PG, "db", "events", "day", "id");
            assertThat(count("SELECT count(*) FROM doris_cdc.partition_changes")).isEqualTo(recorded);
            assertThat(p.failure()).isEmpty();
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = PG.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

}
