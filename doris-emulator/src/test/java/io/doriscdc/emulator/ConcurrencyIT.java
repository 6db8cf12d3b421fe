package io.doriscdc.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** Issue item 8: many loads at once, thread-safe; memory bounded by configuration. */
class ConcurrencyIT extends EmulatorITBase {

    @Override
    protected DorisEmulator.Builder configure(DorisEmulator.Builder b) {
        return b.memoryBudgetBytes(64 * 1024 * 1024);
    }

    @Test
    void manyConcurrentLoadsAllLand() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Map<String, Object>>> fs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int base = i * 100;
                fs.add(pool.submit(() -> {
                    StringBuilder sb = new StringBuilder();
                    for (int k = 0; k < 100; k++) {
                        sb.append("{\"id\":").append(base + k).append(",\"s\":1}\n");
                    }
                    return http.beLoad(base % 3, "db", "t", jsonSeq("c" + base), sb.toString().getBytes());
                }));
            }
            for (Future<Map<String, Object>> f : fs) {
                assertThat(f.get()).containsEntry("Status", "Success");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(emu.table("db", "t").rowCount()).isEqualTo(4000);
        assertThat(emu.loads()).hasSize(40);
        assertThat(emu.counters().rowsLoaded()).isEqualTo(4000);
    }

    @Test
    void loadBeyondTheMemoryBudgetFails() throws Exception {
        try (DorisEmulator small = DorisEmulator.builder().memoryBudgetBytes(100).start()) {
            small.sql("db", "CREATE DATABASE db");
            small.sql("db", "CREATE TABLE p (id INT) UNIQUE KEY(id) DISTRIBUTED BY HASH(id)");
            Map<String, Object> r = new DorisHttp(small).beLoad("db", "p", json("m"), "{\"id\":1}\n".repeat(50));
            assertThat(r).containsEntry("Status", "Fail");
            assertThat((String) r.get("Message")).startsWith("[MEM_LIMIT_EXCEEDED]");
            assertThat(small.loads()).singleElement().satisfies(l -> assertThat(l.state()).isEqualTo(TxnState.ABORTED));
        }
    }
}
