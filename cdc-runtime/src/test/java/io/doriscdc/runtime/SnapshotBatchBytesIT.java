package io.doriscdc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.doriscdc.api.DorisTableId;
import io.doriscdc.runtime.internal.snapshot.SnapshotJob;
import io.doriscdc.runtime.testing.MemoryTransport;
import io.doriscdc.runtime.testing.PgTables;
import io.doriscdc.testsupport.PostgresExtension;
import io.doriscdc.testsupport.PostgresTest;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Copy batches are bounded by bytes as well as rows: a table of wide rows (TOASTed values, so that
 * one CTID range of a few heap pages holds hundreds of megabytes) is loaded in batches of at most
 * the copier's share of {@code memory.budget}, however many rows {@code snapshot.batch-rows} allows.
 */
@PostgresTest
class SnapshotBatchBytesIT {

    @RegisterExtension
    static final PostgresExtension PG = PostgresExtension.create();

    private static final long MIB = 1L << 20;
    private static final int ROW_CHARS = 64_000;

    @Test
    void aWideRowTableIsCopiedInBatchesWithinTheCopiersShareOfTheMemoryBudget() throws Exception {
        PG.execute("CREATE TABLE wide (id int PRIMARY KEY, pad text)",
                // 64,000 characters a row, stored compressed out of line: the heap is a few pages, the rows 25 MB
                "INSERT INTO wide SELECT g, repeat(md5(g::text), " + ROW_CHARS / 32 + ") FROM generate_series(1, 400) g");
        long budget = 64 * MIB;
        int parallelism = 2;
        long cap = SnapshotJob.batchBytes(budget, parallelism, 64 * MIB);
        assertThat(cap).isEqualTo(8 * MIB);
        MemoryTransport.Store store = MemoryTransport.store("wide");
        try (Pipeline p = Pipeline.create(PipelineConfig.builder()
                .postgres(PG.jdbcUrl()).user(PG.user()).password(PG.password())
                .slot("wide").publication("wide").route("public.wide", "db", "wide")
                .transport("memory").transportSetting("store", "wide").transportSetting("count-bytes", "true")
                .memoryBudgetBytes(budget).snapshotParallelism(parallelism).snapshotBatchRows(100_000)
                .batchMaxAge(Duration.ofMillis(100))
                .build())) {
            p.start();
            await().atMost(Duration.ofMinutes(2)).until(() -> p.status().get(0).state() == TableState.STREAMING);
            try (Connection c = PG.connect()) {
                // compared by each row's hash: the rows are too wide to print
                assertThat(hashes(store.rows(DorisTableId.of("db", "wide")))).hasSize(400).isEqualTo(hashes(PgTables.rows(c, "wide", List.of("id"))));
            }
        }
        // a batch is sent once it reaches the cap: it holds at most the cap plus the row that crossed it
        long rowBytes = ROW_CHARS + 3;
        assertThat(store.largestBatchBytes()).as("bytes of the largest copy batch").isGreaterThan(cap / 2).isLessThanOrEqualTo(cap + rowBytes);
        assertThat(store.largestBatch()).as("rows of the largest copy batch").isLessThanOrEqualTo((int) (cap / ROW_CHARS) + 1);
    }

    private static Map<String, Integer> hashes(Map<String, Map<String, String>> rows) {
        Map<String, Integer> out = new TreeMap<>();
        rows.forEach((k, v) -> out.put(k, v.hashCode()));
        return out;
    }
}
