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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A copy interrupted halfway resumes under a new snapshot; when the table was rewritten in between
 * ({@code VACUUM FULL} after deletes and updates), its rows sit in other blocks than the ones the
 * plan's copied ranges covered, so the resumed copy plans the whole table again instead of copying
 * only the old plan's pending ranges (which would leave out every unchanged row that moved into a
 * range already copied). Delivered through the streamload transport into the Doris emulator.
 */
@PostgresTest
class SnapshotRewriteIT {

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
    void aCopyResumedAfterVacuumFullCopiesTheRewrittenTableWhole() throws Exception {
        PG.execute("CREATE TABLE moved (id bigint PRIMARY KEY, v int NOT NULL, t text)",
                "INSERT INTO moved SELECT g, g % 1000, md5(g::text) FROM generate_series(1, 40000) g");
        emu.sql("db", "CREATE TABLE db.moved (id BIGINT, v INT, t STRING) UNIQUE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 4 "
                + "PROPERTIES (\"enable_unique_key_merge_on_write\" = \"true\", \"function_column.sequence_type\" = \"largeint\")");
        long filenodeBefore = queryLong("SELECT pg_relation_filenode('moved')");
        PipelineConfig cfg = PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("moved").publication("moved").route("public.moved", "db", "moved")
                .transport("streamload").transportSetting("fe", "127.0.0.1:" + emu.feHttpPort()).transportSetting("format", "csv")
                .batchMaxAge(Duration.ofMillis(200))
                .snapshotParallelism(1).snapshotChunkPages(16).snapshotBatchRows(100_000)
                .build();
        long total;
        emu.faults().delayResponses(Duration.ofMillis(150)); // about 5 s of copy: time to stop it halfway
        try (Pipeline first = Pipeline.create(cfg)) {
            first.start();
            await().atMost(Duration.ofMinutes(2)).until(() -> rangesDone() >= 8);
        } // stop() interrupts the copy halfway
        emu.faults().clear();
        total = queryLong("SELECT count(*) FROM doris_cdc.snapshot_ranges WHERE table_name = 'moved'");
        assertThat(rangesDone()).as("ranges copied before the stop").isGreaterThanOrEqualTo(8).isLessThan(total);
        // the rows of the copied (low) blocks go, some others change: VACUUM FULL packs the rest, never copied, into those blocks
        PG.execute("DELETE FROM moved WHERE id <= 24000 AND id % 10 <> 0",
                "UPDATE moved SET v = v + 1 WHERE id % 7 = 0",
                "VACUUM FULL moved");
        long filenodeAfter = queryLong("SELECT pg_relation_filenode('moved')");
        assertThat(filenodeAfter).isNotEqualTo(filenodeBefore);
        try (Pipeline second = Pipeline.create(cfg)) {
            second.start();
            await().atMost(Duration.ofMinutes(2)).until(() -> rangesDone() > 0
                    && rangesDone() == queryLong("SELECT count(*) FROM doris_cdc.snapshot_ranges WHERE table_name = 'moved'"));
            // planned again: every range of the new plan is of the rewritten heap, and there are fewer of them
            assertThat(queryLong("SELECT count(*) FROM doris_cdc.snapshot_ranges WHERE table_name = 'moved' AND relfilenode = "
                    + filenodeAfter)).isEqualTo(rangesDone()).isLessThan(total);
            PG.execute("UPDATE moved SET t = 'after' WHERE id % 11 = 0", "DELETE FROM moved WHERE id % 13 = 0");
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                try (Connection c = PG.connect()) {
                    var pg = EmulatorTables.postgres(c, "moved", "id");
                    var doris = EmulatorTables.doris(emu, "db", "moved", "id");
                    assertThat(doris).as(EmulatorTables.differences(pg, doris)).isEqualTo(pg);
                }
            });
        }
    }

    private static long rangesDone() throws Exception {
        return queryLong("SELECT count(*) FROM doris_cdc.snapshot_ranges WHERE table_name = 'moved' AND done_at IS NOT NULL");
    }

    private static long queryLong(String sql) throws Exception {
        try (Connection c = PG.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
